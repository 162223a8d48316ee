package io.tokenmeter.core.metrics.internal;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.tokenmeter.core.ledger.Dimension;
import io.tokenmeter.core.ledger.SpendAggregator;
import io.tokenmeter.core.ledger.internal.DropReason;
import io.tokenmeter.core.ledger.internal.JsonlLedgerWriter;

/**
 * Ledger and report meters, read at scrape time from the counters the ledger keeps anyway (nothing is added to
 * the call path): {@code tokenmeter.ledger.dropped{reason}} and the {@code tokenmeter.ledger.queued} gauge when
 * the JSONL ledger is on, {@code tokenmeter.report.evicted{dimension}} for the in-memory report.
 */
public final class LedgerMetrics implements MeterBinder {

	public static final String DROPPED = "tokenmeter.ledger.dropped";

	public static final String QUEUED = "tokenmeter.ledger.queued";

	public static final String EVICTED = "tokenmeter.report.evicted";

	private final SpendAggregator aggregator;

	private final JsonlLedgerWriter writer;

	/**
	 * @param aggregator the in-memory report, or null
	 * @param writer the JSONL writer, or null when the JSONL ledger is off
	 */
	public LedgerMetrics(SpendAggregator aggregator, JsonlLedgerWriter writer) {
		this.aggregator = aggregator;
		this.writer = writer;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		if (this.writer != null) {
			for (DropReason reason : DropReason.values()) {
				FunctionCounter.builder(DROPPED, this.writer, w -> w.dropped(reason))
					.description("Call records that did not reach the JSONL ledger")
					.tag("reason", reason.tagValue())
					.register(registry);
			}
			Gauge.builder(QUEUED, this.writer, JsonlLedgerWriter::queued)
				.description("Call records waiting to be written to the JSONL ledger")
				.register(registry);
		}
		if (this.aggregator != null) {
			for (Dimension dimension : Dimension.values()) {
				FunctionCounter.builder(EVICTED, this.aggregator, a -> a.evicted(dimension))
					.description("Values dropped from an in-memory spend report breakdown to bound memory")
					.tag("dimension", dimension.value())
					.register(registry);
			}
		}
	}

}
