package io.tokenmeter.catalog;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.tokenmeter.autoconfigure.TokenMeterProperties.ModelPricing;

/**
 * Compares every catalog entry, as LiteLLM prices it, with the Langfuse model whose pattern matches its id, field
 * by field (input, output, cache read, cache write), and says whether an override settles each difference.
 */
final class LangfuseCrossCheck {

	private static final List<String> FIELDS = List.of("input", "output", "cache-read", "cache-write");

	private LangfuseCrossCheck() {
	}

	/**
	 * @param fromLiteLlm the catalog as LiteLLM prices it (before overrides)
	 * @param generated the catalog as generated (after overrides)
	 * @param langfuse Langfuse's prices
	 * @param overrides the overrides, to tell settled from unsettled
	 */
	static List<Disagreement> check(Map<String, CatalogEntry> fromLiteLlm, Map<String, CatalogEntry> generated,
			LangfusePrices langfuse, List<Override> overrides) {
		List<Disagreement> disagreements = new ArrayList<>();
		fromLiteLlm.forEach((id, entry) -> {
			LangfusePrices.Model model = langfuse.match(id);
			if (model == null) {
				return;
			}
			for (String field : FIELDS) {
				BigDecimal theirs = model.prices().get(field);
				BigDecimal ours = effective(entry.pricing(), field);
				if (theirs != null && ours != null && theirs.compareTo(ours) != 0) {
					Override settledBy = settling(overrides, id, field, ours, theirs);
					CatalogEntry now = generated.get(id);
					BigDecimal catalog = now != null ? effective(now.pricing(), field) : null;
					disagreements.add(new Disagreement(id, field, ours, theirs, model.name(), settledBy, catalog));
				}
			}
		});
		return disagreements;
	}

	/** The rate a call is billed at: an unset cache rate is the input rate, as the rate table applies it. */
	static BigDecimal effective(ModelPricing pricing, String field) {
		return switch (field) {
			case "input" -> pricing.getInput();
			case "output" -> pricing.getOutput();
			case "cache-read" -> pricing.getCacheRead() != null ? pricing.getCacheRead() : pricing.getInput();
			case "cache-write" -> pricing.getCacheWrite() != null ? pricing.getCacheWrite() : pricing.getInput();
			default -> throw new IllegalArgumentException(field);
		};
	}

	private static Override settling(List<Override> overrides, String id, String field, BigDecimal ours,
			BigDecimal theirs) {
		for (Override override : overrides) {
			if (override.upliftExplains(id, ours, theirs)) {
				return override;
			}
		}
		for (Override override : overrides) {
			if (override.model().equals(id) && (override.prices().containsKey(field)
					|| override.action() == Override.Action.EXCLUDE)) {
				return override;
			}
		}
		return null;
	}

}
