package io.tokenmeter.catalog;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;

import io.tokenmeter.autoconfigure.TokenMeterProperties.ModelPricing;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** What the tool prints against the current catalog. */
class CatalogDiffTests {

	private static ModelPricing pricing(String input, String output) {
		ModelPricing pricing = new ModelPricing();
		pricing.setInput(new BigDecimal(input));
		pricing.setOutput(new BigDecimal(output));
		return pricing;
	}

	@Test
	void addedRemovedAndChangedModelsAreListedWithOldAndNewValues() {
		Map<String, ModelPricing> current = new LinkedHashMap<>();
		current.put("gpt-4o", pricing("2.50", "10.00"));
		current.put("mistral-large-latest", pricing("2", "6"));
		current.put("claude-3-5-haiku", pricing("0.80", "4"));
		Map<String, CatalogEntry> generated = new LinkedHashMap<>();
		generated.put("gpt-4o", new CatalogEntry("gpt-4o", Provider.OPENAI, pricing("2.5", "10")));
		generated.put("mistral-large-latest",
				new CatalogEntry("mistral-large-latest", Provider.MISTRAL, pricing("0.5", "1.5")));
		generated.put("gpt-5", new CatalogEntry("gpt-5", Provider.OPENAI, pricing("1.25", "10")));
		CatalogDiff diff = CatalogDiff.between(current, generated);
		assertThat(diff.added()).containsExactly("gpt-5");
		assertThat(diff.removed()).containsExactly("claude-3-5-haiku");
		// 2.50 and 2.5 are the same rate: gpt-4o is unchanged
		assertThat(diff.changed()).containsOnlyKeys("mistral-large-latest");
		assertThat(diff.lines()).contains("  mistral-large-latest: input 2 → 0.5; output 6 → 1.5");
	}

	@Test
	void anIdenticalCatalogHasNoChanges() {
		CatalogDiff diff = CatalogDiff.between(Map.of("gpt-4o", pricing("2.5", "10")),
				Map.of("gpt-4o", new CatalogEntry("gpt-4o", Provider.OPENAI, pricing("2.50", "10.00"))));
		assertThat(diff.lines()).containsExactly("no changes against the current catalog");
	}

}
