package io.tokenmeter.core.call;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Counts and logs what failed inside tokenmeter, so a failure is never silent and never reaches the caller.
 * Counts are plain adders (published as {@code tokenmeter.errors} by the metrics binder when Micrometer is
 * present); the log is rate-limited to one line per stage per interval so a persistent fault cannot flood it.
 */
public final class MeteringFailures {

	private static final Log logger = LogFactory.getLog(MeteringFailures.class);

	private final Map<MeteringStage, LongAdder> counts = new EnumMap<>(MeteringStage.class);

	private final Map<MeteringStage, AtomicLong> lastLogged = new EnumMap<>(MeteringStage.class);

	private final long logIntervalNanos;

	public MeteringFailures(java.time.Duration logInterval) {
		this.logIntervalNanos = logInterval.toNanos();
		for (MeteringStage stage : MeteringStage.values()) {
			this.counts.put(stage, new LongAdder());
			this.lastLogged.put(stage, new AtomicLong(System.nanoTime() - this.logIntervalNanos));
		}
	}

	public void failed(MeteringStage stage, Throwable error) {
		this.counts.get(stage).increment();
		AtomicLong last = this.lastLogged.get(stage);
		long now = System.nanoTime();
		long previous = last.get();
		if (now - previous >= this.logIntervalNanos && last.compareAndSet(previous, now)) {
			logger.warn("tokenmeter failed in stage '" + stage.tagValue()
					+ "'; the model call was not affected. Further failures of this stage are counted in "
					+ "tokenmeter.errors and logged at most once per interval.", error);
		}
	}

	/** Counts a failure whose caller logs it in its own words (e.g. a budget store outage). */
	public void failedAndLogged(MeteringStage stage) {
		this.counts.get(stage).increment();
	}

	public long count(MeteringStage stage) {
		return this.counts.get(stage).sum();
	}

}
