package io.tokenmeter.catalog;

import java.math.BigDecimal;

/**
 * Where LiteLLM and Langfuse price one catalog field differently, and how it was settled.
 * @param id the catalog key
 * @param field {@code input}, {@code output}, {@code cache-read} or {@code cache-write}
 * @param litellm LiteLLM's rate (USD per 1M; a missing cache rate counts as the input rate)
 * @param langfuse Langfuse's rate
 * @param langfuseModel the Langfuse model whose pattern matched
 * @param settledBy the override that sets this field, or null when the catalog keeps LiteLLM's value
 * @param catalog the rate the generated catalog has
 */
record Disagreement(String id, String field, BigDecimal litellm, BigDecimal langfuse, String langfuseModel,
		Override settledBy, BigDecimal catalog) {

	boolean settled() {
		return this.settledBy != null;
	}

	@java.lang.Override
	public String toString() {
		String line = this.id + " " + this.field + ": LiteLLM " + PriceFields.plain(this.litellm) + ", Langfuse "
				+ PriceFields.plain(this.langfuse) + " (" + this.langfuseModel + ") → ";
		if (this.settledBy == null) {
			return line + "UNSETTLED, kept LiteLLM's " + PriceFields.plain(this.catalog);
		}
		if (this.catalog == null) {
			return line + "excluded by override: " + this.settledBy.reason();
		}
		return line + PriceFields.plain(this.catalog) + ", settled by override (" + this.settledBy.source() + ", "
				+ this.settledBy.checked() + "): " + this.settledBy.reason();
	}

}
