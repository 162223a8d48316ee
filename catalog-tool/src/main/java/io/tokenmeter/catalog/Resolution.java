package io.tokenmeter.catalog;

import java.util.Set;

import io.tokenmeter.core.pricing.internal.ModelIdForms;

/** Which catalog key an id resolves to, by the rate table's naming conventions ({@link ModelIdForms}). */
final class Resolution {

	private Resolution() {
	}

	/** The first of the id's forms (itself first) that is a key, or null. */
	static String resolve(String id, Set<String> keys) {
		for (String form : ModelIdForms.of(id)) {
			if (keys.contains(form)) {
				return form;
			}
		}
		return null;
	}

	/** The key the id would resolve to if it were not a key itself, or null. */
	static String resolveWithout(String id, Set<String> keys) {
		for (String form : ModelIdForms.of(id)) {
			if (!form.equals(id) && keys.contains(form)) {
				return form;
			}
		}
		return null;
	}

}
