package io.tokenmeter.catalog;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Drops the entries the rate table does not need: an entry whose next less specific form resolves to an entry at
 * the same prices (every rate it has is that entry's; it may leave off rates the table did not list for it) ({@code us.amazon.nova-pro} = {@code nova-pro}, {@code gemini-2.0-flash-001} =
 * {@code gemini-2.0-flash}), most specific first, until nothing changes.
 */
final class RedundantEntries {

	private RedundantEntries() {
	}

	/** @return the entries kept, and for each dropped id the entry it resolves to */
	static Result drop(Map<String, CatalogEntry> entries) {
		Map<String, CatalogEntry> kept = new TreeMap<>(entries);
		Map<String, String> dropped = new TreeMap<>();
		boolean changed = true;
		while (changed) {
			changed = false;
			List<String> ids = new ArrayList<>(kept.keySet());
			ids.sort(Comparator.comparingInt(String::length).reversed().thenComparing(Comparator.naturalOrder()));
			for (String id : ids) {
				String base = Resolution.resolveWithout(id, kept.keySet());
				if (base != null && PriceFields.pricedAs(kept.get(id).pricing(), kept.get(base).pricing())) {
					kept.remove(id);
					dropped.put(id, base);
					changed = true;
				}
			}
		}
		return new Result(new LinkedHashMap<>(kept), dropped);
	}

	record Result(Map<String, CatalogEntry> kept, Map<String, String> dropped) {
	}

}
