package io.tokenmeter.core.call.internal;

/** Where inside tokenmeter a failure happened; published as the {@code stage} tag of {@code tokenmeter.errors}. */
public enum MeteringStage {

	ADVISOR("advisor"), USAGE("usage"), PRICING("pricing"), BUDGET("budget"), METRICS("metrics"), LEDGER("ledger"),
	EVENTS("events"), TRACING("tracing");

	private final String tagValue;

	MeteringStage(String tagValue) {
		this.tagValue = tagValue;
	}

	public String tagValue() {
		return this.tagValue;
	}

}
