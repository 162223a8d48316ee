package io.tokenmeter.core.tracing.internal;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;

import io.micrometer.common.KeyValue;
import io.tokenmeter.core.attribution.CallAttribution;
import io.tokenmeter.core.call.LlmCall;
import io.tokenmeter.core.usage.TokenUsage;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class GenAiSpanAttributesTests {

	private static final GenAiSpanAttributes DEFAULTS = new GenAiSpanAttributes(false, false);

	// Anthropic's shape: 2 uncached, 47,105 cache reads, 1,076 one-hour cache writes, 714 out (of which 300 thinking).
	private static final LlmCall ANTHROPIC = LlmCall.builder()
		.provider("anthropic")
		.requestedModel("claude-sonnet-4-5")
		.model("claude-sonnet-4-5-20250929")
		.attribution(new CallAttribution("support-bot", "alice", "conv-7"))
		.usage(TokenUsage.of(2, 47_105, 0, 1_076, 714, 300))
		.cost(new BigDecimal("0.0315"))
		.build();

	@Test
	void inputTokensIncludeCacheReadsAndWritesAsTheConventionDefinesThem() {
		Map<String, String> attributes = attributes(DEFAULTS, ANTHROPIC);

		// 2 uncached + 47,105 cache read + 1,076 cache write = 48,183 (Anthropic's own input_tokens is 2).
		assertThat(attributes).containsEntry("gen_ai.usage.input_tokens", "48183")
			.containsEntry("gen_ai.usage.cache_read.input_tokens", "47105")
			.containsEntry("gen_ai.usage.cache_creation.input_tokens", "1076")
			.containsEntry("gen_ai.usage.output_tokens", "714")
			.containsEntry("gen_ai.usage.reasoning.output_tokens", "300")
			.containsEntry("gen_ai.usage.total_tokens", Long.toString(48_183 + 714));
	}

	@Test
	void callIsNamedByProviderModelsAgentAndConversationWithItsExactCost() {
		assertThat(attributes(DEFAULTS, ANTHROPIC)).containsEntry("gen_ai.provider.name", "anthropic")
			.containsEntry("gen_ai.request.model", "claude-sonnet-4-5")
			.containsEntry("gen_ai.response.model", "claude-sonnet-4-5-20250929")
			.containsEntry("gen_ai.agent.name", "support-bot")
			.containsEntry("gen_ai.conversation.id", "conv-7")
			.containsEntry("tokenmeter.cost.usd", "0.0315")
			.doesNotContainKeys("user.id", "tokenmeter.unpriced", "tokenmeter.usage.estimated",
					"gen_ai.usage.cost.amount", "gen_ai.usage.cost.currency");
	}

	@Test
	void userIdOnlyWhenAskedFor() {
		assertThat(attributes(new GenAiSpanAttributes(true, false), ANTHROPIC)).containsEntry("user.id", "alice");
	}

	@Test
	void proposedCostAttributesOnlyWhenAskedFor() {
		assertThat(attributes(new GenAiSpanAttributes(false, true), ANTHROPIC))
			.containsEntry("gen_ai.usage.cost.amount", "0.0315")
			.containsEntry("gen_ai.usage.cost.currency", "USD")
			.containsEntry("tokenmeter.cost.usd", "0.0315");
	}

	@Test
	void costIsWrittenAsAPlainDecimalNeverInScientificNotation() {
		LlmCall tiny = ANTHROPIC.withCost(new BigDecimal("2.5E-7"));

		assertThat(attributes(DEFAULTS, tiny)).containsEntry("tokenmeter.cost.usd", "0.00000025");
	}

	@Test
	void unpricedCallIsMarkedAndCarriesNoCost() {
		LlmCall unpriced = ANTHROPIC.withCost(null);

		assertThat(attributes(new GenAiSpanAttributes(false, true), unpriced)).containsEntry("tokenmeter.unpriced", "true")
			.doesNotContainKeys("tokenmeter.cost.usd", "gen_ai.usage.cost.amount");
	}

	@Test
	void estimatedUsageIsMarked() {
		LlmCall estimated = ANTHROPIC.toBuilder().usageEstimated(true).build();

		assertThat(attributes(DEFAULTS, estimated)).containsEntry("tokenmeter.usage.estimated", "true");
	}

	@Test
	void callWithoutUsageHasNoTokenCountsRatherThanZeros() {
		LlmCall missing = ANTHROPIC.toBuilder().usage(TokenUsage.MISSING).cost(null).build();

		assertThat(attributes(DEFAULTS, missing)).doesNotContainKeys("gen_ai.usage.input_tokens",
				"gen_ai.usage.output_tokens", "tokenmeter.cost.usd")
			.containsEntry("tokenmeter.unpriced", "true");
	}

	@Test
	void providersUseTheConventionsWellKnownValues() {
		assertThat(GenAiSpanAttributes.providerName("openai")).isEqualTo("openai");
		assertThat(GenAiSpanAttributes.providerName("azure-openai")).isEqualTo("azure.ai.openai");
		assertThat(GenAiSpanAttributes.providerName("google")).isEqualTo("gcp.gen_ai");
		assertThat(GenAiSpanAttributes.providerName("bedrock")).isEqualTo("aws.bedrock");
		assertThat(GenAiSpanAttributes.providerName("mistral")).isEqualTo("mistral_ai");
		assertThat(GenAiSpanAttributes.providerName("ollama")).isEqualTo("ollama");
	}

	private static Map<String, String> attributes(GenAiSpanAttributes attributes, LlmCall call) {
		Map<String, String> map = new LinkedHashMap<>();
		for (KeyValue keyValue : attributes.of(call)) {
			map.put(keyValue.getKey(), keyValue.getValue());
		}
		return map;
	}

}
