package io.tokenmeter.jdbc.internal;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.tokenmeter.core.ledger.internal.DropReason;

/**
 * The JDBC ledger's meters, read at scrape time from its own counters: {@code tokenmeter.ledger.jdbc.dropped
 * {reason}}, {@code tokenmeter.ledger.jdbc.written}, and the gauges {@code tokenmeter.ledger.jdbc.queued} and
 * {@code tokenmeter.ledger.jdbc.held} (records of the batch retried while the database is away). Apart from the
 * JSONL ledger's {@code tokenmeter.ledger.*} so both can be on.
 */
public final class JdbcLedgerMetrics implements MeterBinder {

	public static final String DROPPED = "tokenmeter.ledger.jdbc.dropped";

	public static final String WRITTEN = "tokenmeter.ledger.jdbc.written";

	public static final String QUEUED = "tokenmeter.ledger.jdbc.queued";

	public static final String HELD = "tokenmeter.ledger.jdbc.held";

	private final JdbcLedger ledger;

	public JdbcLedgerMetrics(JdbcLedger ledger) {
		this.ledger = ledger;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		for (DropReason reason : new DropReason[] { DropReason.QUEUE_FULL, DropReason.ERROR, DropReason.CLOSED }) {
			FunctionCounter.builder(DROPPED, this.ledger, (l) -> l.dropped(reason))
				.description("Call records that did not reach the JDBC ledger")
				.tag("reason", reason.tagValue())
				.register(registry);
		}
		FunctionCounter.builder(WRITTEN, this.ledger, JdbcLedger::written)
			.description("Call records inserted into the JDBC ledger")
			.register(registry);
		Gauge.builder(QUEUED, this.ledger, JdbcLedger::queued)
			.description("Call records waiting to be inserted into the JDBC ledger")
			.register(registry);
		Gauge.builder(HELD, this.ledger, JdbcLedger::held)
			.description("Call records of the batch held for a retry while the database is away")
			.register(registry);
	}

}
