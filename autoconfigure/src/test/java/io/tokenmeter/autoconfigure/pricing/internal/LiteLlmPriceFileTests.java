package io.tokenmeter.autoconfigure.pricing.internal;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import io.tokenmeter.autoconfigure.TokenMeterProperties.ModelPricing;
import io.tokenmeter.autoconfigure.TokenMeterProperties.Tier;
import io.tokenmeter.core.internal.InvalidConfigurationException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** LiteLLM's per-token price file read as per-1M rates, and the entry named when it is wrong. */
class LiteLlmPriceFileTests {

	private static final String FIXTURE = "litellm-prices.json";

	@Test
	void perTokenCostsBecomeExactPerMillionRates() throws IOException {
		ModelPricing sonnet = fixture().get("claude-sonnet-4-5");
		// 3e-06 per token × 1,000,000 = $3.00 per 1M
		assertThat(sonnet.getInput()).isEqualByComparingTo("3");
		// 1.5e-05 per token × 1,000,000 = $15.00 per 1M
		assertThat(sonnet.getOutput()).isEqualByComparingTo("15");
		// 3e-07 per token × 1,000,000 = $0.30 per 1M
		assertThat(sonnet.getCacheRead()).isEqualByComparingTo("0.3");
		// 3.75e-06 per token × 1,000,000 = $3.75 per 1M (5-minute writes)
		assertThat(sonnet.getCacheWrite()).isEqualByComparingTo("3.75");
		// 6e-06 per token × 1,000,000 = $6.00 per 1M (1-hour writes)
		assertThat(sonnet.getCacheWrite1h()).isEqualByComparingTo("6");
		assertThat(sonnet.getMaxOutputTokens()).isEqualTo(64000);
	}

	@Test
	void numbersAreReadFromTheirTextNotThroughDouble() throws IOException {
		// 1.25e-06 × 1,000,000 = 1.25 exactly; through double it would be 1.2499999999999998
		assertThat(fixture().get("gemini-2.5-pro").getInput().toPlainString()).isEqualTo("1.25");
		// 2.125e-06 × 1,000,000 = 2.125 exactly
		assertThat(fixture().get("gpt-4o").getServiceTiers().get("priority").getCacheRead().toPlainString())
			.isEqualTo("2.125");
	}

	@Test
	void longContextPricesBecomeATierFilledFromTheBaseRates() throws IOException {
		List<Tier> tiers = fixture().get("claude-sonnet-4-5").getTiers();
		assertThat(tiers).hasSize(1);
		Tier tier = tiers.get(0);
		assertThat(tier.getAboveInputTokens()).isEqualTo(200000);
		// 6e-06 × 1M = $6.00 in; 2.25e-05 × 1M = $22.50 out; 6e-07 × 1M = $0.60 cached
		assertThat(tier.getInput()).isEqualByComparingTo("6");
		assertThat(tier.getOutput()).isEqualByComparingTo("22.5");
		assertThat(tier.getCacheRead()).isEqualByComparingTo("0.6");
		// no *_above_200k_tokens write price in the entry: the base $3.75 and $6.00 carry over
		assertThat(tier.getCacheWrite()).isEqualByComparingTo("3.75");
		assertThat(tier.getCacheWrite1h()).isEqualByComparingTo("6");
	}

	@Test
	void batchAndPriorityPricesBecomeExplicitServiceTiers() throws IOException {
		ModelPricing gpt4o = fixture().get("gpt-4o");
		assertThat(gpt4o.getServiceTiers()).containsOnlyKeys("batch", "priority");
		// 1.25e-06 × 1M = $1.25 in, 5e-06 × 1M = $5.00 out
		assertThat(gpt4o.getServiceTiers().get("batch").getInput()).isEqualByComparingTo("1.25");
		assertThat(gpt4o.getServiceTiers().get("batch").getOutput()).isEqualByComparingTo("5");
		// 4.25e-06 × 1M = $4.25 in, 1.7e-05 × 1M = $17.00 out
		assertThat(gpt4o.getServiceTiers().get("priority").getInput()).isEqualByComparingTo("4.25");
		assertThat(gpt4o.getServiceTiers().get("priority").getOutput()).isEqualByComparingTo("17");
	}

	@Test
	void reasoningPriceAndDeprecationDateAreRead() throws IOException {
		ModelPricing o3 = fixture().get("o3");
		// 8e-06 × 1M = $8.00 per 1M reasoning tokens
		assertThat(o3.getReasoning()).isEqualByComparingTo("8");
		assertThat(o3.getDeprecated()).isEqualTo(LocalDate.of(2026, 10, 15));
	}

	@Test
	void embeddingModelsWithoutAnOutputPriceCostNothingForOutput() throws IOException {
		ModelPricing embedding = fixture().get("text-embedding-3-small");
		// 2e-08 × 1M = $0.02 per 1M
		assertThat(embedding.getInput()).isEqualByComparingTo("0.02");
		assertThat(embedding.getOutput()).isEqualByComparingTo("0");
	}

	@Test
	void keysLoseGatewayPrefixAndBedrockVersionAndAnUnprefixedKeyWins() throws IOException {
		Map<String, ModelPricing> models = fixture();
		assertThat(models).containsKey("us.anthropic.claude-sonnet-4-5-20250929");
		// gemini/gemini-2.5-pro comes first in the file, vertex_ai/gemini-2.5-pro later: the first one stays
		assertThat(models.get("gemini-2.5-pro").getInput()).isEqualByComparingTo("1.25");
		assertThat(models.keySet()).noneMatch((key) -> key.contains(":") || key.contains("/"));
	}

	@Test
	void sampleSpecNonObjectsFineTunedAndNonTokenPricedEntriesAreLeftOut() throws IOException {
		assertThat(fixture()).containsOnlyKeys("gpt-4o", "claude-sonnet-4-5", "o3", "gemini-2.5-pro",
				"us.anthropic.claude-sonnet-4-5-20250929", "text-embedding-3-small");
	}

	@Test
	void entriesKeepTheirKeyProviderAndMode() throws IOException {
		try (InputStream json = getClass().getResourceAsStream(FIXTURE)) {
			LiteLlmPriceFile.Entry bedrock = LiteLlmPriceFile.entries(json, FIXTURE)
				.stream()
				.filter((entry) -> entry.key().startsWith("bedrock/"))
				.findFirst()
				.orElseThrow();
			assertThat(bedrock.key()).isEqualTo("bedrock/us.anthropic.claude-sonnet-4-5-20250929-v1:0");
			assertThat(bedrock.provider()).isEqualTo("bedrock_converse");
			assertThat(bedrock.mode()).isEqualTo("chat");
			assertThat(bedrock.canonicalId()).isEqualTo("us.anthropic.claude-sonnet-4-5-20250929");
		}
	}

	@Test
	void aNegativeCostNamesTheFileTheEntryAndTheField() {
		assertThatExceptionOfType(InvalidConfigurationException.class)
			.isThrownBy(() -> read("{\"gpt-4o\": {\"input_cost_per_token\": -2.5e-06, \"output_cost_per_token\": 1e-05}}"))
			.satisfies((ex) -> {
				assertThat(ex.getProperty()).isEqualTo("tokenmeter.pricing.catalog");
				assertThat(ex.getMessage()).contains("file:prices.json: entry 'gpt-4o' field input_cost_per_token")
					.contains("negative");
				assertThat(ex.getAction()).contains("positive number");
			});
	}

	@Test
	void aCostThatIsNotANumberNamesTheEntry() {
		assertThatExceptionOfType(InvalidConfigurationException.class)
			.isThrownBy(() -> read("{\"gpt-4o\": {\"input_cost_per_token\": \"cheap\", \"output_cost_per_token\": 1e-05}}"))
			.withMessageContaining("entry 'gpt-4o' field input_cost_per_token: '\"cheap\"' is not a number");
	}

	@Test
	void aFileThatIsNotAJsonObjectFails() {
		assertThatExceptionOfType(InvalidConfigurationException.class).isThrownBy(() -> read("[1, 2]"))
			.withMessageContaining("file:prices.json: not a JSON object");
		assertThatExceptionOfType(InvalidConfigurationException.class).isThrownBy(() -> read("{\"gpt-4o\": "))
			.withMessageContaining("file:prices.json: not valid JSON");
	}

	private Map<String, ModelPricing> fixture() throws IOException {
		try (InputStream json = getClass().getResourceAsStream(FIXTURE)) {
			return LiteLlmPriceFile.read(json, FIXTURE);
		}
	}

	private static Map<String, ModelPricing> read(String json) {
		return LiteLlmPriceFile.read(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)),
				"file:prices.json");
	}

}
