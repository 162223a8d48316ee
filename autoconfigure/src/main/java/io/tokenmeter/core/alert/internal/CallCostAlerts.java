package io.tokenmeter.core.alert.internal;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import io.tokenmeter.core.alert.CallCostAlertEvent;
import io.tokenmeter.core.call.LlmCall;
import io.tokenmeter.core.call.LlmCallListener;
import io.tokenmeter.core.internal.ControlCharacters;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * Raises a {@link CallCostAlertEvent} for each priced call above its threshold and logs it at WARN, at most one
 * line per log interval (a burst of expensive calls is one line, saying how many more there were). Per call: a
 * null check and one {@code BigDecimal} comparison; only calls above the threshold do anything else.
 */
public final class CallCostAlerts implements LlmCallListener {

	private static final Log logger = LogFactory.getLog(CallCostAlerts.class);

	private final CallCostThresholds thresholds;

	private final Consumer<CallCostAlertEvent> publisher;

	private final boolean log;

	private final long logIntervalNanos;

	private final AtomicLong lastLogged;

	private final AtomicLong unlogged = new AtomicLong();

	/**
	 * @param thresholds which calls alert
	 * @param publisher receives every alert (the application's events and the alert counter)
	 * @param logInterval at most one WARN line per interval; null logs nothing
	 */
	public CallCostAlerts(CallCostThresholds thresholds, Consumer<CallCostAlertEvent> publisher,
			@Nullable Duration logInterval) {
		this.thresholds = thresholds;
		this.publisher = publisher;
		this.log = logInterval != null;
		this.logIntervalNanos = logInterval != null ? logInterval.toNanos() : 0;
		this.lastLogged = new AtomicLong(System.nanoTime() - this.logIntervalNanos);
	}

	@Override
	public void onCall(LlmCall call) {
		BigDecimal cost = call.cost();
		if (cost == null) {
			return; // unpriced: no cost to compare
		}
		BigDecimal threshold = this.thresholds.thresholdFor(call);
		if (threshold == null || cost.compareTo(threshold) <= 0) {
			return;
		}
		CallCostAlertEvent alert = new CallCostAlertEvent(call.timestamp(), call.provider(), call.model(),
				call.attribution().agent(), call.attribution().user(), call.attribution().session(), call.usage(),
				cost, threshold, call.usageEstimated());
		if (this.log) {
			warn(alert);
		}
		this.publisher.accept(alert);
	}

	private void warn(CallCostAlertEvent alert) {
		long now = System.nanoTime();
		long previous = this.lastLogged.get();
		if (now - previous < this.logIntervalNanos || !this.lastLogged.compareAndSet(previous, now)) {
			this.unlogged.incrementAndGet();
			return;
		}
		long more = this.unlogged.getAndSet(0);
		logger.warn(ControlCharacters.escape("tokenmeter: a call cost $" + plain(alert.cost()) + ", above the $"
				+ plain(alert.threshold()) + " alert threshold" + (alert.usageEstimated() ? " (usage ESTIMATED: the "
						+ "provider reported none, so tokens and cost are tokenmeter's estimate)" : "")
				+ ": model " + alert.model() + ", agent " + alert.agent() + ", user " + alert.user() + ", "
				+ alert.usage().totalInput() + " input tokens (" + alert.usage().cacheRead() + " cached), "
				+ alert.usage().output() + " output tokens"
				+ (more > 0 ? "; " + more + " more call(s) above their threshold since the last such line, "
						+ "counted in llm_call_cost_alerts_total" : "")));
	}

	private static String plain(BigDecimal amount) {
		return amount.stripTrailingZeros().toPlainString();
	}

}
