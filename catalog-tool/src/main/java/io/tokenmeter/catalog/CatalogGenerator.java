package io.tokenmeter.catalog;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.tokenmeter.autoconfigure.TokenMeterProperties.ModelPricing;
import io.tokenmeter.autoconfigure.pricing.internal.LiteLlmPriceFile.Entry;

/**
 * From the sources to the catalog: select and key LiteLLM's models, drop the redundant ones, check that every
 * source id still resolves to its own price, apply the overrides, and cross-check against Langfuse.
 */
final class CatalogGenerator {

	/** Catalog order: by provider, then id. */
	static final Comparator<CatalogEntry> ORDER = Comparator.comparing(CatalogEntry::provider)
		.thenComparing(CatalogEntry::id);

	private CatalogGenerator() {
	}

	/**
	 * @param effectiveDate the catalog's date, or null for the latest of the sources' and overrides' dates
	 */
	static GeneratedCatalog generate(List<Entry> litellm, LocalDate litellmDate, LangfusePrices langfuse,
			LocalDate langfuseDate, List<Override> overrides, LocalDate effectiveDate) {
		ModelSelection.Result selection = ModelSelection.select(litellm, litellmDate);
		RedundantEntries.Result reduced = RedundantEntries.drop(selection.entries());
		Map<String, CatalogEntry> fromLiteLlm = reduced.kept();
		List<String> mismatches = mismatches(selection.members(), fromLiteLlm);
		Map<String, CatalogEntry> generated = applyOverrides(fromLiteLlm, overrides);
		List<Disagreement> disagreements = LangfuseCrossCheck.check(fromLiteLlm, generated, langfuse, overrides);
		LocalDate date = effectiveDate != null ? effectiveDate : latest(litellmDate, langfuseDate, overrides);
		LocalDate overridesDate = latest(null, null, overrides);
		String source = "LiteLLM " + litellmDate + " + Langfuse " + langfuseDate + " (cross-check)"
				+ " + tokenmeter overrides" + (overridesDate != null ? " " + overridesDate : "");
		return new GeneratedCatalog(date, source, sorted(generated), reduced.dropped(), mismatches, selection.left(),
				disagreements, overrides);
	}

	/** Source ids the catalog would price differently from the source (before overrides): should be none. */
	private static List<String> mismatches(List<ModelSelection.Member> members, Map<String, CatalogEntry> catalog) {
		List<String> mismatches = new ArrayList<>();
		for (ModelSelection.Member member : members) {
			String key = Resolution.resolve(member.key(), catalog.keySet());
			if (key == null) {
				mismatches.add(member.key() + " resolves to no entry");
			}
			else if (!PriceFields.samePrices(member, catalog.get(key).pricing())) {
				mismatches.add(member.key() + " resolves to " + key + " at another price");
			}
		}
		return mismatches;
	}

	private static Map<String, CatalogEntry> applyOverrides(Map<String, CatalogEntry> catalog,
			List<Override> overrides) {
		Map<String, CatalogEntry> result = new TreeMap<>(catalog);
		for (Override override : overrides) {
			CatalogEntry existing = result.get(override.model());
			switch (override.action()) {
				case UPLIFT -> {
					// a rule the cross-check applies; the tables already carry the uplifted prices
				}
				case EXCLUDE -> {
					if (result.remove(override.model()) == null) {
						throw new IllegalArgumentException("override excludes '" + override.model()
								+ "', which is not in the catalog");
					}
				}
				case ADD -> {
					if (existing != null) {
						throw new IllegalArgumentException("override adds '" + override.model()
								+ "', which the tables already have: use action set");
					}
					ModelPricing pricing = new ModelPricing();
					override.applyTo(pricing);
					result.put(override.model(), new CatalogEntry(override.model(), override.provider(), pricing));
				}
				case SET -> {
					if (existing == null) {
						// a dropped snapshot at a price of its own: start from the entry it resolved to
						String base = Resolution.resolve(override.model(), result.keySet());
						if (base == null) {
							throw new IllegalArgumentException("override sets '" + override.model()
									+ "', which is not in the catalog: use action add");
						}
						existing = result.get(base);
					}
					ModelPricing pricing = Pricings.copy(existing.pricing());
					override.applyTo(pricing);
					result.put(override.model(), new CatalogEntry(override.model(), existing.provider(), pricing));
				}
			}
		}
		return result;
	}

	private static Map<String, CatalogEntry> sorted(Map<String, CatalogEntry> entries) {
		List<CatalogEntry> list = new ArrayList<>(entries.values());
		list.sort(ORDER);
		Map<String, CatalogEntry> sorted = new LinkedHashMap<>();
		list.forEach((entry) -> sorted.put(entry.id(), entry));
		return sorted;
	}

	private static LocalDate latest(LocalDate a, LocalDate b, List<Override> overrides) {
		LocalDate latest = a;
		if (b != null && (latest == null || b.isAfter(latest))) {
			latest = b;
		}
		for (Override override : overrides) {
			if (override.checked() != null && (latest == null || override.checked().isAfter(latest))) {
				latest = override.checked();
			}
		}
		return latest;
	}

}
