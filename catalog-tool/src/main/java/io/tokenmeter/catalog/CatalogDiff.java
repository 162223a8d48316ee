package io.tokenmeter.catalog;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;

import io.tokenmeter.autoconfigure.TokenMeterProperties.ModelPricing;

/** What changed between the current catalog and the generated one: models added, removed, and fields changed. */
final class CatalogDiff {

	private final List<String> added = new ArrayList<>();

	private final List<String> removed = new ArrayList<>();

	private final Map<String, List<String>> changed = new TreeMap<>();

	private CatalogDiff() {
	}

	static CatalogDiff between(Map<String, ModelPricing> current, Map<String, CatalogEntry> generated) {
		CatalogDiff diff = new CatalogDiff();
		TreeSet<String> ids = new TreeSet<>(current.keySet());
		ids.addAll(generated.keySet());
		for (String id : ids) {
			ModelPricing before = current.get(id);
			CatalogEntry after = generated.get(id);
			if (before == null) {
				diff.added.add(id);
			}
			else if (after == null) {
				diff.removed.add(id);
			}
			else {
				List<String> fields = changes(PriceFields.all(before), PriceFields.all(after.pricing()));
				if (!fields.isEmpty()) {
					diff.changed.put(id, fields);
				}
			}
		}
		return diff;
	}

	boolean isEmpty() {
		return this.added.isEmpty() && this.removed.isEmpty() && this.changed.isEmpty();
	}

	List<String> added() {
		return this.added;
	}

	List<String> removed() {
		return this.removed;
	}

	Map<String, List<String>> changed() {
		return this.changed;
	}

	/** The report: one line per model, {@code field old → new} per changed field. */
	List<String> lines() {
		List<String> lines = new ArrayList<>();
		if (isEmpty()) {
			lines.add("no changes against the current catalog");
			return lines;
		}
		lines.add("added (" + this.added.size() + "): " + String.join(", ", this.added));
		lines.add("removed (" + this.removed.size() + "): " + String.join(", ", this.removed));
		lines.add("changed (" + this.changed.size() + "):");
		this.changed.forEach((id, fields) -> lines.add("  " + id + ": " + String.join("; ", fields)));
		return lines;
	}

	private static List<String> changes(Map<String, String> before, Map<String, String> after) {
		TreeSet<String> fields = new TreeSet<>(before.keySet());
		fields.addAll(after.keySet());
		List<String> changes = new ArrayList<>();
		for (String field : fields) {
			String old = before.get(field);
			String now = after.get(field);
			if (!Objects.equals(old, now)) {
				changes.add(field + " " + (old != null ? old : "-") + " → " + (now != null ? now : "-"));
			}
		}
		return changes;
	}

}
