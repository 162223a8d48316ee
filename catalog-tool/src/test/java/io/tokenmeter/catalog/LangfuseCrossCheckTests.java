package io.tokenmeter.catalog;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** LiteLLM's price of each catalog entry against the Langfuse model whose pattern matches it. */
class LangfuseCrossCheckTests {

	static LangfusePrices langfuse(String json) {
		return LangfusePrices.read(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)));
	}

	private static final String LANGFUSE = """
			[{"modelName": "gpt-4o", "matchPattern": "(?i)^(openai/)?(gpt-4o)$",
			  "pricingTiers": [{"isDefault": true, "prices": {"input": 2.5e-06, "output": 1e-05, "input_cached_tokens": 1.25e-06}}]},
			 {"modelName": "claude-sonnet-4-5", "matchPattern": "(?i)^((eu\\\\.|us\\\\.)?anthropic\\\\.)?claude-sonnet-4-5$",
			  "pricingTiers": [{"isDefault": true, "prices": {"input": 3e-06, "output": 1.5e-05}}]},
			 {"modelName": "o3", "matchPattern": "(?i)^(openai/)?(o3)$",
			  "pricingTiers": [{"isDefault": true, "prices": {"input": 2e-06, "output": 8e-06}}]}]
			""";

	private static final String LITELLM = """
			{"gpt-4o": {"litellm_provider": "openai", "mode": "chat",
			   "input_cost_per_token": 2.5e-06, "output_cost_per_token": 1e-05, "cache_read_input_token_cost": 1.25e-06},
			 "o3": {"litellm_provider": "openai", "mode": "chat",
			   "input_cost_per_token": 1e-05, "output_cost_per_token": 4e-05},
			 "claude-sonnet-4-5": {"litellm_provider": "anthropic", "mode": "chat",
			   "input_cost_per_token": 3e-06, "output_cost_per_token": 1.5e-05},
			 "us.anthropic.claude-sonnet-4-5-20250929-v1:0": {"litellm_provider": "bedrock_converse", "mode": "chat",
			   "input_cost_per_token": 3.3e-06, "output_cost_per_token": 1.65e-05}}
			""";

	private static GeneratedCatalog generate(String overrides) {
		return CatalogGenerator.generate(ModelSelectionTests.litellm(LITELLM), LocalDate.of(2026, 7, 24),
				langfuse(LANGFUSE), LocalDate.of(2026, 8, 22), OverrideFileTests.read(overrides), null);
	}

	@Test
	void aDifferenceBetweenTheTablesIsListedAsUnsettledWithoutAnOverride() {
		List<Disagreement> disagreements = generate("{\"overrides\": []}").disagreements();
		assertThat(disagreements).extracting(Disagreement::id, Disagreement::field)
			.contains(org.assertj.core.groups.Tuple.tuple("o3", "input"), org.assertj.core.groups.Tuple.tuple("o3", "output"));
		Disagreement input = disagreements.stream().filter((d) -> d.id().equals("o3") && d.field().equals("input"))
			.findFirst().orElseThrow();
		// LiteLLM 1e-05 × 1M = $10.00, Langfuse 2e-06 × 1M = $2.00
		assertThat(input.litellm()).isEqualByComparingTo("10");
		assertThat(input.langfuse()).isEqualByComparingTo("2");
		assertThat(input.settled()).isFalse();
		assertThat(input.toString()).contains("UNSETTLED, kept LiteLLM's 10");
	}

	@Test
	void anOverrideOfTheFieldSettlesIt() {
		GeneratedCatalog catalog = generate("""
				{"overrides": [{"model": "o3", "prices": {"input": "2.00", "output": "8.00"},
				  "reason": "o3 is $2 / $8 on the pricing page", "source": "https://openai.com/api/pricing",
				  "checked": "2026-08-23"}]}""");
		assertThat(catalog.disagreements()).filteredOn((d) -> d.id().equals("o3")).allMatch(Disagreement::settled);
		assertThat(catalog.entries().get("o3").pricing().getInput()).isEqualByComparingTo("2.00");
		assertThat(catalog.disagreements().get(0).toString()).contains("settled by override");
	}

	@Test
	void theBedrockRegionalUpliftRuleSettlesGeoPrefixedPrices() {
		GeneratedCatalog catalog = generate("""
				{"overrides": [{"model": "bedrock-geo-profiles", "action": "uplift", "prices": {"multiplier": "1.1"},
				  "reason": "geo profiles cost 10% more", "source": "https://aws.amazon.com/bedrock/pricing",
				  "checked": "2026-08-23"}]}""");
		assertThat(catalog.disagreements()).filteredOn((d) -> d.id().startsWith("us."))
			.hasSize(2)
			.allMatch(Disagreement::settled);
	}

	@Test
	void matchingTablesAreNoDisagreement() {
		assertThat(generate("{\"overrides\": []}").disagreements()).noneMatch((d) -> d.id().equals("gpt-4o"));
		assertThat(Map.of()).isEmpty();
	}

}
