package io.tokenmeter.core.pricing;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;

import io.tokenmeter.core.pricing.internal.CallPricer;
import io.tokenmeter.core.usage.TokenUsage;

/**
 * Answers "what would this prompt cost on model X with N expected output tokens?" before calling, and lays models
 * side by side for the same prompt so a team can pick one by price. Prompt tokens are counted with a
 * {@link PromptTokenCounter} (JTokkit by default: exact for OpenAI models, approximate for others, as each
 * estimate says) and priced with the same rate table and calculator that price the actual calls. The prompt is
 * priced as uncached input: prompt caching can only make the real call cheaper.
 *
 * <pre class="code">
 * CostEstimate one = costEstimator.estimate("gpt-4o", prompt, 500);
 * List&lt;CostEstimate&gt; table = costEstimator.compare(prompt, 500, List.of("gpt-4o", "gpt-4o-mini", "claude-sonnet-4-5"));
 * </pre>
 *
 * @since 0.1.0
 */
public final class CostEstimator {

	private static final Comparator<CostEstimate> CHEAPEST_FIRST = Comparator
		.comparing(CostEstimate::priced, Comparator.reverseOrder())
		.thenComparing(CostEstimate::cost, Comparator.nullsLast(Comparator.naturalOrder()))
		.thenComparing(CostEstimate::model);

	private final CallPricer pricer;

	private final PromptTokenCounter counter;

	public CostEstimator(CallPricer pricer, PromptTokenCounter counter) {
		this.pricer = pricer;
		this.counter = counter;
	}

	/**
	 * @param model the model id, as configured or as a provider names it (dated snapshots resolve)
	 * @param prompt the whole prompt as one message
	 * @param expectedOutputTokens how many tokens the answer is expected to have
	 */
	public CostEstimate estimate(String model, String prompt, long expectedOutputTokens) {
		return estimate(null, model, List.of(prompt), expectedOutputTokens, null);
	}

	/**
	 * @param provider the provider, for provider-scoped prices ({@code provider:model}); null for any
	 * @param model the model id
	 * @param messages the text of each message of the prompt
	 * @param expectedOutputTokens how many tokens the answer is expected to have
	 * @param serviceTier the service tier to price at ({@code batch}, {@code priority}, ...) or null for standard
	 */
	public CostEstimate estimate(String provider, String model, List<String> messages, long expectedOutputTokens,
			String serviceTier) {
		if (expectedOutputTokens < 0) {
			throw new IllegalArgumentException("expectedOutputTokens must not be negative");
		}
		PromptTokenCounter.TokenCount count = this.counter.count(model, messages);
		ModelPrice price = this.pricer.find(provider != null ? provider : "unknown", model);
		if (price == null) {
			return new CostEstimate(model, null, count.tokens(), expectedOutputTokens, null, count.encoding(),
					count.approximate());
		}
		TokenUsage usage = TokenUsage.of(count.tokens(), 0, 0, 0, expectedOutputTokens, 0);
		return new CostEstimate(model, price.id(), count.tokens(), expectedOutputTokens,
				this.pricer.calculator().cost(usage, price, serviceTier), count.encoding(), count.approximate());
	}

	/** The same prompt on each model, cheapest first, models without a price last. */
	public List<CostEstimate> compare(String prompt, long expectedOutputTokens, Collection<String> models) {
		List<CostEstimate> table = new ArrayList<>(models.size());
		for (String model : models) {
			table.add(estimate(model, prompt, expectedOutputTokens));
		}
		table.sort(CHEAPEST_FIRST);
		return table;
	}

	/** The same prompt on every model of the rate table (catalog and configured), cheapest first. */
	public List<CostEstimate> compare(String prompt, long expectedOutputTokens) {
		List<String> models = this.pricer.rateTable()
			.modelKeys()
			.stream()
			.map(key -> key.substring(key.indexOf(':') + 1))
			.distinct()
			.toList();
		return compare(prompt, expectedOutputTokens, models);
	}

}
