package io.tokenmeter.catalog;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Map;

import io.tokenmeter.autoconfigure.TokenMeterProperties.ModelPricing;

/**
 * One curated correction of the peers' tables, settled from the provider's own price page.
 * @param model the catalog key it applies to
 * @param action what it does
 * @param provider the catalog section, for {@link Action#ADD}
 * @param prices rates to set, USD per 1M tokens, by catalog field name ({@code input}, {@code cache-read}, ...)
 * @param deprecated the deprecation date to set, or null
 * @param reason why (what the provider's page said); required
 * @param source the page it was checked on
 * @param checked when
 */
record Override(String model, Action action, Provider provider, Map<String, BigDecimal> prices,
		LocalDate deprecated, String reason, String source, LocalDate checked) {

	enum Action {

		/** Sets fields of an entry taken from the tables. */
		SET,

		/** Adds a model missing from the tables. */
		ADD,

		/** Leaves a model out. */
		EXCLUDE,

		/**
		 * A pricing rule rather than a model: Bedrock geo-prefixed ids cost {@code prices.multiplier} times the
		 * global id; settles a difference to a table that lists only the global price.
		 */
		UPLIFT

	}

	/** For {@link Action#UPLIFT}: whether {@code ours} is {@code theirs} with the uplift for a geo-prefixed id. */
	boolean upliftExplains(String id, BigDecimal ours, BigDecimal theirs) {
		BigDecimal multiplier = this.prices.get("multiplier");
		return this.action == Action.UPLIFT && multiplier != null && ModelSelection.geoProfile(id) != null
				&& theirs.multiply(multiplier).compareTo(ours) == 0;
	}

	/** Sets this override's fields on the pricing, which takes the override's source and date. */
	void applyTo(ModelPricing pricing) {
		this.prices.forEach((field, value) -> {
			switch (field) {
				case "input" -> pricing.setInput(value);
				case "output" -> pricing.setOutput(value);
				case "cache-read" -> pricing.setCacheRead(value);
				case "cache-write" -> pricing.setCacheWrite(value);
				case "cache-write-1h" -> pricing.setCacheWrite1h(value);
				case "reasoning" -> pricing.setReasoning(value);
				default -> throw new IllegalArgumentException("override of " + this.model + ": unknown field '"
						+ field + "' (use input, output, cache-read, cache-write, cache-write-1h, reasoning)");
			}
		});
		if (this.deprecated != null) {
			pricing.setDeprecated(this.deprecated);
		}
		pricing.setSource(this.source);
		pricing.setChecked(this.checked);
	}

}
