package io.tokenmeter.core.ledger.internal;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Records that did not reach one ledger (JSONL or JDBC), counted by {@link DropReason}: what
 * {@code tokenmeter.ledger.dropped{reason}} reads. Dropping is logged at most once a minute per ledger, so a full
 * queue cannot flood the log.
 */
public final class LedgerDrops {

	private static final Log logger = LogFactory.getLog(LedgerDrops.class);

	private static final long LOG_INTERVAL_NANOS = Duration.ofMinutes(1).toNanos();

	private final String ledger;

	private final String meter;

	private final Map<DropReason, LongAdder> counts = new EnumMap<>(DropReason.class);

	private final AtomicLong lastLog = new AtomicLong(System.nanoTime() - LOG_INTERVAL_NANOS);

	/**
	 * @param ledger the ledger's name in the log line, e.g. {@code JSONL ledger}
	 * @param meter the meter the log line points to, e.g. {@code tokenmeter.ledger.dropped}
	 */
	public LedgerDrops(String ledger, String meter) {
		this.ledger = ledger;
		this.meter = meter;
		for (DropReason reason : DropReason.values()) {
			this.counts.put(reason, new LongAdder());
		}
	}

	/** Counts one dropped record and logs (rate-limited) that records are being dropped. */
	public void drop(DropReason reason) {
		this.counts.get(reason).increment();
		long now = System.nanoTime();
		long last = this.lastLog.get();
		if (now - last >= LOG_INTERVAL_NANOS && this.lastLog.compareAndSet(last, now)) {
			logger.warn("tokenmeter: " + this.ledger + " records are being dropped (" + reason.tagValue()
					+ "); counted in " + this.meter + " and logged at most once a minute.");
		}
	}

	/** Counts records dropped for a reason the caller logs itself (e.g. write failures, with their cause). */
	public void count(DropReason reason, long records) {
		this.counts.get(reason).add(records);
	}

	/** Records dropped since start for one reason. */
	public long dropped(DropReason reason) {
		return this.counts.get(reason).sum();
	}

}
