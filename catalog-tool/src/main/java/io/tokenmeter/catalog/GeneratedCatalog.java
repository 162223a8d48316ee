package io.tokenmeter.catalog;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/**
 * The tool's result.
 * @param effectiveDate the catalog's date
 * @param source one line naming the sources and their dates
 * @param entries the models, in catalog order
 * @param dropped ids left out because the entry they resolve to has the same prices, with that entry
 * @param mismatches source ids the catalog would not price as the source does (should be none)
 * @param left ids in scope that are not priced, with the reason
 * @param disagreements where LiteLLM and Langfuse differ, and how each is settled
 * @param overrides the overrides applied
 */
record GeneratedCatalog(LocalDate effectiveDate, String source, Map<String, CatalogEntry> entries,
		Map<String, String> dropped, List<String> mismatches, Map<String, String> left,
		List<Disagreement> disagreements, List<Override> overrides) {

	String yaml() {
		return CatalogYamlWriter.write(this.effectiveDate, this.source, this.entries);
	}

}
