package io.tokenmeter.catalog;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/** overrides.json: every correction carries its reason and source. */
class OverrideFileTests {

	static List<Override> read(String json) {
		return OverrideFile.read(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)), "overrides.json");
	}

	@Test
	void anOverrideWithoutAReasonFails() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> read("""
					{"overrides": [{"model": "gpt-4o", "prices": {"input": "2.50"},
					  "source": "https://openai.com/api/pricing", "checked": "2026-08-23"}]}"""))
			.withMessageContaining("override of 'gpt-4o' has no \"reason\"");
	}

	@Test
	void anOverrideWithoutASourceFails() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> read("""
					{"overrides": [{"model": "gpt-4o", "prices": {"input": "2.50"}, "reason": "page says so"}]}"""))
			.withMessageContaining("needs \"source\"");
	}

	@Test
	void pricesAreReadExactlyAsWritten() {
		Override override = read("""
				{"overrides": [{"model": "gemini-2.5-pro", "prices": {"cache-read": "0.125"}, "reason": "page",
				  "source": "https://ai.google.dev/gemini-api/docs/pricing", "checked": "2026-08-23"}]}""").get(0);
		assertThat(override.action()).isEqualTo(Override.Action.SET);
		assertThat(override.prices().get("cache-read").toPlainString()).isEqualTo("0.125");
	}

	@Test
	void overridesSetAddAndExcludeModels() {
		List<Override> overrides = read("""
				{"overrides": [
				  {"model": "gpt-4o-2024-08-06", "prices": {"input": "2.75"}, "reason": "r", "source": "s", "checked": "2026-08-23"},
				  {"model": "new-model", "action": "add", "provider": "openai", "prices": {"input": "1", "output": "2"},
				   "reason": "r", "source": "s", "checked": "2026-08-23"},
				  {"model": "gpt-4o", "action": "exclude", "reason": "r"}]}""");
		var catalog = CatalogGenerator.generate(ModelSelectionTests.litellm("""
				{"gpt-4o": {"litellm_provider": "openai", "mode": "chat",
				  "input_cost_per_token": 2.5e-06, "output_cost_per_token": 1e-05},
				 "gpt-4o-mini": {"litellm_provider": "openai", "mode": "chat",
				  "input_cost_per_token": 1.5e-07, "output_cost_per_token": 6e-07}}"""),
				java.time.LocalDate.of(2026, 7, 24), LangfuseCrossCheckTests.langfuse("[]"),
				java.time.LocalDate.of(2026, 8, 22), overrides, null);
		// the dated snapshot starts from gpt-4o (which it resolved to) and takes the override's input
		assertThat(catalog.entries().get("gpt-4o-2024-08-06").pricing().getInput()).isEqualByComparingTo("2.75");
		assertThat(catalog.entries().get("gpt-4o-2024-08-06").pricing().getOutput()).isEqualByComparingTo("10");
		assertThat(catalog.entries().get("new-model").provider()).isEqualTo(Provider.OPENAI);
		assertThat(catalog.entries()).doesNotContainKey("gpt-4o");
		assertThat(catalog.effectiveDate()).isEqualTo(java.time.LocalDate.of(2026, 8, 23));
	}

}
