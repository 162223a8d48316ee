package io.tokenmeter.core.call.internal;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

import io.tokenmeter.core.internal.ControlCharacters;
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
		if (mayLog(stage)) {
			logger.warn("tokenmeter failed in stage '" + stage.tagValue()
					+ "'; the model call was not affected. Further failures of this stage are counted in "
					+ "tokenmeter.errors and logged at most once per interval.", error);
		}
	}

	/**
	 * Counts a failure that is better told in one line of the caller's words than with a stack trace (e.g. a
	 * budget store outage: one event for the reader, however many calls it touches). Rate-limited like
	 * {@link #failed(MeteringStage, Throwable)}, so a second outage later is logged again.
	 */
	public void failed(MeteringStage stage, Supplier<String> description) {
		this.counts.get(stage).increment();
		if (mayLog(stage)) {
			logger.warn(ControlCharacters.escape(description.get()) + " Counted in tokenmeter.errors{stage=" + stage.tagValue()
					+ "}; logged at most once per interval while it lasts.");
		}
	}

	private boolean mayLog(MeteringStage stage) {
		AtomicLong last = this.lastLogged.get(stage);
		long now = System.nanoTime();
		long previous = last.get();
		return now - previous >= this.logIntervalNanos && last.compareAndSet(previous, now);
	}

	public long count(MeteringStage stage) {
		return this.counts.get(stage).sum();
	}

}
