package io.tokenmeter.catalog;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import io.tokenmeter.autoconfigure.pricing.internal.LiteLlmPriceFile;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** From LiteLLM entries to catalog keys: conversion, snapshots folded into their base, regional uplift kept. */
class ModelSelectionTests {

	private static final LocalDate SNAPSHOT = LocalDate.of(2026, 7, 24);

	static List<LiteLlmPriceFile.Entry> litellm(String json) {
		return LiteLlmPriceFile.entries(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)), "test.json");
	}

	static Map<String, CatalogEntry> catalog(String json) {
		return RedundantEntries.drop(ModelSelection.select(litellm(json), SNAPSHOT).entries()).kept();
	}

	private static final String CLAUDE = """
			{
			  "claude-sonnet-4-5": {"litellm_provider": "anthropic", "mode": "chat",
			    "input_cost_per_token": 3e-06, "output_cost_per_token": 1.5e-05,
			    "cache_read_input_token_cost": 3e-07, "cache_creation_input_token_cost": 3.75e-06,
			    "cache_creation_input_token_cost_above_1hr": 6e-06, "output_cost_per_reasoning_token": 1.5e-05,
			    "input_cost_per_token_above_200k_tokens": 6e-06, "output_cost_per_token_above_200k_tokens": 2.25e-05},
			  "claude-sonnet-4-5-20250929": {"litellm_provider": "anthropic", "mode": "chat",
			    "input_cost_per_token": 3e-06, "output_cost_per_token": 1.5e-05},
			  "global.anthropic.claude-sonnet-4-5-20250929-v1:0": {"litellm_provider": "bedrock_converse", "mode": "chat",
			    "input_cost_per_token": 3e-06, "output_cost_per_token": 1.5e-05},
			  "us.anthropic.claude-sonnet-4-5-20250929-v1:0": {"litellm_provider": "bedrock_converse", "mode": "chat",
			    "input_cost_per_token": 3.3e-06, "output_cost_per_token": 1.65e-05},
			  "eu.anthropic.claude-sonnet-4-20250514-v1:0": {"litellm_provider": "bedrock_converse", "mode": "chat",
			    "input_cost_per_token": 3e-06, "output_cost_per_token": 1.5e-05},
			  "claude-sonnet-4-20250514": {"litellm_provider": "anthropic", "mode": "chat",
			    "input_cost_per_token": 3e-06, "output_cost_per_token": 1.5e-05},
			  "vertex_ai/claude-sonnet-4-5@20250929": {"litellm_provider": "vertex_ai-anthropic_models", "mode": "chat",
			    "input_cost_per_token": 3e-06, "output_cost_per_token": 1.5e-05,
			    "input_cost_per_token_batches": 1.5e-06, "output_cost_per_token_batches": 7.5e-06},
			  "gpt-4o": {"litellm_provider": "openai", "mode": "chat",
			    "input_cost_per_token": 2.5e-06, "output_cost_per_token": 1e-05},
			  "gpt-4o-2024-08-06": {"litellm_provider": "openai", "mode": "chat",
			    "input_cost_per_token": 2.5e-06, "output_cost_per_token": 1e-05},
			  "gpt-4o-2024-05-13": {"litellm_provider": "openai", "mode": "chat",
			    "input_cost_per_token": 5e-06, "output_cost_per_token": 1.5e-05},
			  "gpt-4o-audio-preview": {"litellm_provider": "openai", "mode": "chat",
			    "input_cost_per_token": 2.5e-06, "output_cost_per_token": 1e-05},
			  "gemini/gemini-2.5-pro": {"litellm_provider": "gemini", "mode": "chat",
			    "input_cost_per_token": 1.25e-06, "output_cost_per_token": 1e-05, "cache_read_input_token_cost": 1.25e-07}
			}
			""";

	@Test
	void everyFieldIsConvertedFromPerTokenToPerMillion() {
		CatalogEntry sonnet = catalog(CLAUDE).get("claude-sonnet-4-5");
		// 3e-06 per token × 1,000,000 = $3.00 per 1M
		assertThat(sonnet.pricing().getInput()).isEqualByComparingTo("3.00");
		// 1.5e-05 per token × 1,000,000 = $15.00 per 1M
		assertThat(sonnet.pricing().getOutput()).isEqualByComparingTo("15.00");
		// 3e-07 per token × 1,000,000 = $0.30 per 1M
		assertThat(sonnet.pricing().getCacheRead()).isEqualByComparingTo("0.30");
		// 3.75e-06 per token × 1,000,000 = $3.75 per 1M (5-minute writes)
		assertThat(sonnet.pricing().getCacheWrite()).isEqualByComparingTo("3.75");
		// 6e-06 per token × 1,000,000 = $6.00 per 1M (1-hour writes)
		assertThat(sonnet.pricing().getCacheWrite1h()).isEqualByComparingTo("6.00");
		// 1.5e-05 per token × 1,000,000 = $15.00 per 1M reasoning
		assertThat(sonnet.pricing().getReasoning()).isEqualByComparingTo("15.00");
		// above 200k: 6e-06 × 1M = $6.00 in, 2.25e-05 × 1M = $22.50 out
		assertThat(sonnet.pricing().getTiers().get(0).getAboveInputTokens()).isEqualTo(200000);
		assertThat(sonnet.pricing().getTiers().get(0).getInput()).isEqualByComparingTo("6.00");
		assertThat(sonnet.pricing().getTiers().get(0).getOutput()).isEqualByComparingTo("22.50");
		assertThat(sonnet.provider()).isEqualTo(Provider.ANTHROPIC);
		assertThat(sonnet.pricing().getSource()).isEqualTo("https://docs.anthropic.com/en/docs/about-claude/pricing");
		assertThat(sonnet.pricing().getChecked()).isEqualTo(SNAPSHOT);
	}

	@Test
	void snapshotsAtTheBasePriceAreLeftToTheNamingConventions() {
		Map<String, CatalogEntry> catalog = catalog(CLAUDE);
		assertThat(catalog).doesNotContainKeys("claude-sonnet-4-5-20250929", "gpt-4o-2024-08-06",
				"global.anthropic.claude-sonnet-4-5", "claude-sonnet-4-5@20250929", "eu.anthropic.claude-sonnet-4");
		// the only Sonnet 4 entry is dated: it is keyed by its undated form, which the dated id resolves to
		assertThat(catalog).containsKey("claude-sonnet-4");
		assertThat(catalog.get("gemini-2.5-pro").pricing().getCacheRead()).isEqualByComparingTo("0.125");
	}

	@Test
	void aSnapshotAtAnotherPriceKeepsItsOwnEntry() {
		CatalogEntry snapshot = catalog(CLAUDE).get("gpt-4o-2024-05-13");
		// 5e-06 × 1M = $5.00 in, 1.5e-05 × 1M = $15.00 out (gpt-4o is $2.50 / $10.00)
		assertThat(snapshot.pricing().getInput()).isEqualByComparingTo("5.00");
		assertThat(snapshot.pricing().getOutput()).isEqualByComparingTo("15.00");
	}

	@Test
	void bedrockGeoPrefixedIdsKeepTheirRegionalUpliftUnderTheUndatedGeoKey() {
		CatalogEntry regional = catalog(CLAUDE).get("us.anthropic.claude-sonnet-4-5");
		assertThat(regional.provider()).isEqualTo(Provider.ANTHROPIC_BEDROCK);
		// 3.3e-06 × 1M = $3.30 (= $3.00 × 1.1); 1.65e-05 × 1M = $16.50 (= $15.00 × 1.1)
		assertThat(regional.pricing().getInput()).isEqualByComparingTo("3.30");
		assertThat(regional.pricing().getOutput()).isEqualByComparingTo("16.50");
		assertThat(regional.pricing().getSource()).isEqualTo("https://aws.amazon.com/bedrock/pricing");
	}

	@Test
	void audioVariantsAreNotPricedAsTheBaseModel() {
		assertThat(catalog(CLAUDE)).doesNotContainKey("gpt-4o-audio-preview");
	}

	@Test
	void keysNeverHoldAProviderScopeOrAGatewayPrefix() {
		assertThat(catalog(CLAUDE).keySet()).noneMatch((key) -> key.contains(":") || key.contains("/"));
	}

}
