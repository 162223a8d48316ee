package io.tokenmeter.core.tracing.internal;

import java.math.BigDecimal;

import io.micrometer.common.KeyValue;
import io.micrometer.common.KeyValues;
import io.tokenmeter.core.attribution.CallAttribution;
import io.tokenmeter.core.call.LlmCall;
import io.tokenmeter.core.usage.TokenUsage;

/**
 * tokenmeter's view of one recorded call as span attributes: the OpenTelemetry GenAI semantic-convention names
 * where the convention has one (registry {@code model/gen-ai/registry.yaml} of open-telemetry/semantic-conventions
 * 1.44 and of open-telemetry/semantic-conventions-genai, where the GenAI conventions now live), tokenmeter's own
 * {@code tokenmeter.*} names where it has none (cost, unpriced, estimated).
 *
 * <p>The convention's token counts are <em>not</em> tokenmeter's disjoint buckets: {@code gen_ai.usage.input_tokens}
 * "SHOULD include all types of input tokens, including cached tokens", and cache reads and writes "SHOULD be
 * included in" it; reasoning "SHOULD be included in" {@code gen_ai.usage.output_tokens}. So input is uncached +
 * cache read + cache write (5 min and 1 h), whatever the provider's own "prompt" field meant (OpenAI's includes
 * cached tokens, Anthropic's excludes them), and output is every billed output token, reasoning included.
 *
 * <p>Cache writes go under {@code gen_ai.usage.cache_creation.input_tokens}, the name of the released registry,
 * of Spring AI 2.0's own observation and of what Langfuse reads; the GenAI repository has since renamed it
 * {@code gen_ai.usage.cache_write.input_tokens} (open-telemetry/semantic-conventions-genai#440, unreleased).
 */
public final class GenAiSpanAttributes {

	/** The provider, as the convention's well-known values spell it where one applies. */
	public static final String PROVIDER_NAME = "gen_ai.provider.name";

	public static final String REQUEST_MODEL = "gen_ai.request.model";

	public static final String RESPONSE_MODEL = "gen_ai.response.model";

	/** Every input token: uncached + cache read + cache write. */
	public static final String INPUT_TOKENS = "gen_ai.usage.input_tokens";

	/** Every output token, reasoning included. */
	public static final String OUTPUT_TOKENS = "gen_ai.usage.output_tokens";

	public static final String CACHE_READ_INPUT_TOKENS = "gen_ai.usage.cache_read.input_tokens";

	/** Cache writes of any lifetime (5 min and 1 h together). */
	public static final String CACHE_CREATION_INPUT_TOKENS = "gen_ai.usage.cache_creation.input_tokens";

	public static final String REASONING_OUTPUT_TOKENS = "gen_ai.usage.reasoning.output_tokens";

	/**
	 * Not in the registry: Spring AI's own observation sets it to the provider's total. Replaced by input + output
	 * so the span's numbers add up.
	 */
	public static final String TOTAL_TOKENS = "gen_ai.usage.total_tokens";

	public static final String AGENT_NAME = "gen_ai.agent.name";

	/** tokenmeter's session id ({@code TokenMeter.SESSION}). */
	public static final String CONVERSATION_ID = "gen_ai.conversation.id";

	/** The general registry's {@code user.id}; only when asked for ({@code tokenmeter.tracing.user}). */
	public static final String USER_ID = "user.id";

	/** tokenmeter's own: the call's exact cost in USD, a plain decimal without trailing zeros; absent when unpriced. */
	public static final String COST_USD = "tokenmeter.cost.usd";

	/** tokenmeter's own: {@code true} when the call has no cost (no price for the model, or no usage). */
	public static final String UNPRICED = "tokenmeter.unpriced";

	/** tokenmeter's own: {@code true} when the usage was estimated with the tokenizer (a stream cut short). */
	public static final String USAGE_ESTIMATED = "tokenmeter.usage.estimated";

	/** Proposed, not in the convention (open-telemetry/semantic-conventions-genai#443): the cost. */
	public static final String PROPOSED_COST_AMOUNT = "gen_ai.usage.cost.amount";

	/** Proposed with {@link #PROPOSED_COST_AMOUNT}: its ISO 4217 currency. */
	public static final String PROPOSED_COST_CURRENCY = "gen_ai.usage.cost.currency";

	private static final KeyValue UNPRICED_TRUE = KeyValue.of(UNPRICED, "true");

	private static final KeyValue ESTIMATED_TRUE = KeyValue.of(USAGE_ESTIMATED, "true");

	private static final KeyValue CURRENCY_USD = KeyValue.of(PROPOSED_COST_CURRENCY, "USD");

	private final boolean userId;

	private final boolean proposedCost;

	/**
	 * @param userId whether spans carry the user id (they leave the application: off unless asked for)
	 * @param proposedCost whether spans also carry the proposed {@code gen_ai.usage.cost.*} attributes
	 */
	public GenAiSpanAttributes(boolean userId, boolean proposedCost) {
		this.userId = userId;
		this.proposedCost = proposedCost;
	}

	/** The attributes of a recorded call (only tokens the provider reported, or that were estimated). */
	public KeyValues of(LlmCall call) {
		KeyValues values = KeyValues.of(KeyValue.of(PROVIDER_NAME, providerName(call.provider())));
		if (call.requestedModel() != null) {
			values = values.and(REQUEST_MODEL, call.requestedModel());
		}
		if (!LlmCall.UNKNOWN_MODEL.equals(call.model())) {
			values = values.and(RESPONSE_MODEL, call.model());
		}
		TokenUsage usage = call.usage();
		if (usage.reported()) {
			values = values.and(INPUT_TOKENS, Long.toString(usage.totalInput()))
				.and(CACHE_READ_INPUT_TOKENS, Long.toString(usage.cacheRead()))
				.and(CACHE_CREATION_INPUT_TOKENS, Long.toString(usage.cacheWrite()))
				.and(OUTPUT_TOKENS, Long.toString(usage.output()))
				.and(REASONING_OUTPUT_TOKENS, Long.toString(usage.reasoning()))
				.and(TOTAL_TOKENS, Long.toString(usage.total()));
		}
		CallAttribution attribution = call.attribution();
		values = values.and(AGENT_NAME, attribution.agent());
		if (attribution.session() != null) {
			values = values.and(CONVERSATION_ID, attribution.session());
		}
		if (this.userId) {
			values = values.and(USER_ID, attribution.user());
		}
		BigDecimal cost = call.cost();
		if (cost != null) {
			String amount = cost.stripTrailingZeros().toPlainString();
			values = values.and(COST_USD, amount);
			if (this.proposedCost) {
				values = values.and(KeyValue.of(PROPOSED_COST_AMOUNT, amount), CURRENCY_USD);
			}
		}
		else {
			values = values.and(UNPRICED_TRUE);
		}
		if (call.usageEstimated()) {
			values = values.and(ESTIMATED_TRUE);
		}
		return values;
	}

	/**
	 * tokenmeter's provider ids in the convention's well-known values where one applies ({@code gen_ai.provider.name}
	 * members); others (ollama, minimax, ...) as they are, which the convention allows.
	 */
	static String providerName(String provider) {
		return switch (provider) {
			case "azure-openai" -> "azure.ai.openai";
			case "google" -> "gcp.gen_ai";
			case "bedrock" -> "aws.bedrock";
			case "mistral" -> "mistral_ai";
			default -> provider;
		};
	}

}
