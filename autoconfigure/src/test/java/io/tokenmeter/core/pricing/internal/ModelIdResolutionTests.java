package io.tokenmeter.core.pricing.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.tokenmeter.core.pricing.ModelPrice;
import io.tokenmeter.core.pricing.ModelRate;
import io.tokenmeter.core.pricing.PriceEntry;
import io.tokenmeter.core.pricing.RateTable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The resolution order, table-tested on ids that providers and gateways really return: each id with the entry it
 * must resolve to, or {@code -} for none. The table holds undated base entries (as the bundled catalog does),
 * one dated entry with a price of its own, regional Bedrock entries and no patterns.
 */
class ModelIdResolutionTests {

	private static final List<String> ENTRIES = List.of("gpt-4o", "gpt-4o-2024-05-13", "chatgpt-4o-latest",
			"gpt-4o-mini", "gpt-4.1", "gpt-5", "gpt-5-mini", "gpt-5.4", "gpt-5.4-mini", "o3", "o3-mini", "o4-mini",
			"text-embedding-3-small", "claude-sonnet-4-5", "claude-opus-4-1", "claude-haiku-4-5", "claude-opus-4-6",
			"claude-3-7-sonnet-20250219", "us.anthropic.claude-sonnet-4-5", "eu.anthropic.claude-sonnet-4-5",
			"jp.anthropic.claude-sonnet-4-5", "amazon.nova-2-lite", "us.amazon.nova-2-lite", "amazon.nova-pro",
			"gemini-2.5-pro", "gemini-2.5-flash", "gemini-2.0-flash", "gemini-3-pro-preview", "mistral-large-2512",
			"mistral-large-latest", "deepseek-chat", "deepseek-reasoner", "grok-4", "grok-4-1-fast-reasoning",
			"command-a-03-2025");

	private static final RateTable TABLE = table();

	@ParameterizedTest(name = "{0} → {1}")
	@CsvSource({
			// OpenAI: dated snapshots resolve to their base, a dated entry with its own price beats it
			"gpt-4o, gpt-4o", "gpt-4o-2024-08-06, gpt-4o", "gpt-4o-2024-11-20, gpt-4o",
			"gpt-4o-2024-05-13, gpt-4o-2024-05-13", "chatgpt-4o-latest, chatgpt-4o-latest",
			"gpt-4o-mini-2024-07-18, gpt-4o-mini", "gpt-4.1-2025-04-14, gpt-4.1", "gpt-5-2025-08-07, gpt-5",
			"gpt-5-mini-2025-08-07, gpt-5-mini", "gpt-5.4-2026-03-05, gpt-5.4", "gpt-5.4-mini-2026-03-17, gpt-5.4-mini",
			"o3-2025-04-16, o3", "o3-mini-2025-01-31, o3-mini", "o4-mini-2025-04-16, o4-mini",
			"text-embedding-3-small, text-embedding-3-small", "GPT-4o, gpt-4o",
			// gateway prefixes (LiteLLM proxy, OpenRouter, Azure through a gateway)
			"openai/gpt-4o, gpt-4o", "azure/gpt-4o-2024-08-06, gpt-4o", "openai/gpt-5.4, gpt-5.4",
			"litellm_proxy/gpt-5-mini, gpt-5-mini",
			// variants priced differently by OpenAI never fall back to the base model
			"gpt-4o-audio-preview, -", "gpt-4o-realtime-preview-2024-12-17, -",
			"gpt-4o-mini-search-preview-2025-03-11, -", "gpt-4o-mini-tts, -", "gpt-4-0613, -",
			"ft:gpt-4o-mini-2024-07-18:acme::abc123, -",
			// Anthropic direct, and as gateways spell it
			"claude-sonnet-4-5, claude-sonnet-4-5", "claude-sonnet-4-5-20250929, claude-sonnet-4-5",
			"claude-opus-4-1-20250805, claude-opus-4-1", "claude-haiku-4-5-20251001, claude-haiku-4-5",
			"claude-3-7-sonnet-20250219, claude-3-7-sonnet-20250219", "anthropic/claude-sonnet-4-5, claude-sonnet-4-5",
			"anthropic/claude-sonnet-4.5, claude-sonnet-4-5", "claude-opus-4.1, claude-opus-4-1",
			// Vertex AI
			"claude-sonnet-4-5@20250929, claude-sonnet-4-5", "claude-opus-4-6@default, claude-opus-4-6",
			"claude-3-7-sonnet@20250219, claude-3-7-sonnet-20250219",
			"vertex_ai/claude-haiku-4-5@20251001, claude-haiku-4-5",
			// Bedrock: versions, global and regional inference profiles (regional uplift where it has an entry)
			"anthropic.claude-sonnet-4-5-20250929-v1:0, claude-sonnet-4-5",
			"global.anthropic.claude-sonnet-4-5-20250929-v1:0, claude-sonnet-4-5",
			"us.anthropic.claude-sonnet-4-5-20250929-v1:0, us.anthropic.claude-sonnet-4-5",
			"eu.anthropic.claude-sonnet-4-5-20250929-v1:0, eu.anthropic.claude-sonnet-4-5",
			"jp.anthropic.claude-sonnet-4-5-20250929-v1:0, jp.anthropic.claude-sonnet-4-5",
			"us.anthropic.claude-3-7-sonnet-20250219-v1:0, claude-3-7-sonnet-20250219",
			"anthropic.claude-opus-4-6-v1, claude-opus-4-6",
			"bedrock/us.anthropic.claude-sonnet-4-5-20250929-v1:0, us.anthropic.claude-sonnet-4-5",
			"amazon.nova-2-lite-v1:0, amazon.nova-2-lite", "us.amazon.nova-2-lite-v1:0, us.amazon.nova-2-lite",
			"global.amazon.nova-2-lite-v1:0, amazon.nova-2-lite", "amazon.nova-pro-v1:0, amazon.nova-pro",
			"apac.amazon.nova-pro-v1:0, amazon.nova-pro", "meta.llama3-70b-instruct-v1:0, -",
			// Gemini
			"gemini-2.5-pro, gemini-2.5-pro", "models/gemini-2.5-flash, gemini-2.5-flash",
			"gemini/gemini-2.5-pro, gemini-2.5-pro", "google/gemini-2.5-pro, gemini-2.5-pro",
			"gemini-2.0-flash-001, gemini-2.0-flash", "gemini-3-pro-preview, gemini-3-pro-preview",
			"gemini-2.5-flash-preview-09-2025, -", "gemini-2.5-flash-image, -",
			// Mistral: dated ids are the stable keys; four-digit suffixes are never taken off
			"mistral-large-2512, mistral-large-2512", "mistral-large-latest, mistral-large-latest",
			"mistral/mistral-large-2512, mistral-large-2512", "mistralai/mistral-large-2512, mistral-large-2512",
			"mistral-large-2411, -",
			// DeepSeek, xAI, Cohere
			"deepseek-chat, deepseek-chat", "deepseek/deepseek-reasoner, deepseek-reasoner", "grok-4, grok-4",
			"x-ai/grok-4, grok-4", "xai/grok-4-1-fast-reasoning, grok-4-1-fast-reasoning", "grok-4-0709, -",
			"command-a-03-2025, command-a-03-2025",
			// self-hosted and unknown models have no price
			"llama3.1:8b, -", "my-fine-tune, -", "qwen2.5-72b-instruct, -" })
	void anAnsweringIdResolvesToItsEntry(String answeringId, String expectedEntry) {
		ModelPrice price = TABLE.find("openai", answeringId);

		if (expectedEntry.equals("-")) {
			assertThat(price).as(answeringId).isNull();
		}
		else {
			assertThat(price).as(answeringId).isNotNull();
			assertThat(price.id()).as(answeringId).isEqualTo(expectedEntry);
		}
	}

	@Test
	void aProviderScopedEntryBeatsTheGenericOneAtEveryForm() {
		RateTable table = new RateTable(List.of(entry(null, "claude-sonnet-4-5", List.of()),
				entry("bedrock", "claude-sonnet-4-5", List.of())), Map.of());

		assertThat(table.find("bedrock", "anthropic.claude-sonnet-4-5-20250929-v1:0").rate().input())
			.isEqualByComparingTo("2");
		assertThat(table.find("anthropic", "claude-sonnet-4-5-20250929").rate().input()).isEqualByComparingTo("1");
	}

	@Test
	void userPatternsComeAfterTheNamingConventions() {
		RateTable table = new RateTable(List.of(entry(null, "gpt-4o", List.of()),
				entry(null, "canary", List.of("gpt-4o-canary-*", "gpt-4o-2024-*"))), Map.of());

		assertThat(table.find("openai", "gpt-4o-canary-7").id()).isEqualTo("canary");
		assertThat(table.find("openai", "gpt-4o-2024-08-06").id()).isEqualTo("gpt-4o");
	}

	@Test
	void userPatternsAreTriedOnTheFormsToo() {
		RateTable table = new RateTable(List.of(entry(null, "my-tune", List.of("my-tune-*"))), Map.of());

		assertThat(table.find("openai", "openai/my-tune-v3").id()).isEqualTo("my-tune");
	}

	@Test
	void theFormsOfAnIdGoFromMostToLeastSpecific() {
		assertThat(ModelIdForms.of("bedrock/us.anthropic.claude-sonnet-4-5-20250929-v1:0")).containsSubsequence(
				"bedrock/us.anthropic.claude-sonnet-4-5-20250929-v1:0", "us.anthropic.claude-sonnet-4-5-20250929-v1:0",
				"us.anthropic.claude-sonnet-4-5-20250929", "us.anthropic.claude-sonnet-4-5",
				"anthropic.claude-sonnet-4-5", "claude-sonnet-4-5");
		assertThat(ModelIdForms.of("o3-2025-04-16")).containsExactly("o3-2025-04-16", "o3");
		assertThat(ModelIdForms.of("mistral-large-2512")).containsExactly("mistral-large-2512");
	}

	@Test
	void aSnapshotIsAFormOfItsBaseButAnotherModelIsNot() {
		assertThat(ModelIdForms.isFormOf("o3-2025-04-16", "o3")).isTrue();
		assertThat(ModelIdForms.isFormOf("claude-sonnet-4-5@20250929", "claude-sonnet-4-5")).isTrue();
		assertThat(ModelIdForms.isFormOf("gpt-4o-mini-2024-07-18", "gpt-4o")).isFalse();
		assertThat(ModelIdForms.isFormOf("o3-mini", "o3")).isFalse();
	}

	private static RateTable table() {
		List<PriceEntry> entries = new ArrayList<>();
		for (String id : ENTRIES) {
			entries.add(entry(null, id, List.of()));
		}
		return new RateTable(entries, Map.of());
	}

	private static PriceEntry entry(String provider, String id, List<String> patterns) {
		String input = provider == null ? "1" : "2";
		return new PriceEntry(provider, ModelPrice.of(id, ModelRate.of(input, "1")), List.of(), patterns);
	}

}
