package io.tokenmeter.core.lifecycle;

import io.tokenmeter.core.call.LlmCall;
import io.tokenmeter.core.call.LlmCallListener;
import io.tokenmeter.core.call.internal.MeteringFailures;
import io.tokenmeter.core.call.internal.MeteringStage;
import io.tokenmeter.core.call.internal.OncePerKeyLog;
import java.math.BigDecimal;
import java.util.Comparator;
import java.util.List;

import io.tokenmeter.core.budget.internal.Admission;
import io.tokenmeter.core.budget.internal.BudgetTracker;
import io.tokenmeter.core.pricing.internal.CallPricer;
import io.tokenmeter.core.usage.TokenUsage;
import org.apache.commons.logging.LogFactory;

/**
 * The one path every metered call takes after the advisor: price it, then hand it to each listener (metrics,
 * budgets, events, ledger) in order. A failing stage is counted and logged and the next stage still runs;
 * nothing thrown here reaches the caller (the advisor guards this too).
 */
public final class LlmCallRecorder {

	private final CallPricer pricer;

	private final BudgetTracker budgets;

	private final StagedListener[] listeners;

	private final MeteringFailures failures;

	private final OncePerKeyLog missingUsageLog = new OncePerKeyLog(LogFactory.getLog(LlmCallRecorder.class), 1_000);

	/**
	 * @param pricer prices each call
	 * @param budgets charges each priced call to the budgets ({@link BudgetTracker#none()} when none are configured)
	 * @param listeners the stages after pricing and budgets; they run in the order of their {@link MeteringStage}
	 * (metrics, then ledger, then events), listeners of one stage in the order given
	 * @param failures where failures of any stage are counted
	 */
	public LlmCallRecorder(CallPricer pricer, BudgetTracker budgets, List<StagedListener> listeners,
			MeteringFailures failures) {
		this.pricer = pricer;
		this.budgets = budgets;
		this.listeners = listeners.stream()
			.sorted(Comparator.comparing(StagedListener::stage))
			.toArray(StagedListener[]::new);
		this.failures = failures;
	}

	/** Records a call that held no budget reservation. */
	public LlmCall record(LlmCall unpriced) {
		return record(unpriced, Admission.NONE);
	}

	/**
	 * @param unpriced the call as the advisor saw it
	 * @param admission the budget reservations the call holds, settled against its actual cost here
	 * @return the recorded call, with its cost when it could be priced
	 */
	public LlmCall record(LlmCall unpriced, Admission admission) {
		BigDecimal cost = price(unpriced.provider(), unpriced.model(), unpriced.requestedModel(), unpriced.usage(),
				unpriced.serviceTier());
		return recordPriced(cost != null ? unpriced.withCost(cost) : unpriced, admission);
	}

	/**
	 * Prices a call from its parts, before its record is built (so a call builds one record, not an unpriced
	 * one and a priced copy). A failure is counted under {@code pricing} and leaves the call unpriced.
	 * @return the cost in USD, or null when the call is unpriced
	 */
	BigDecimal price(String provider, String model, String requestedModel, TokenUsage usage, String serviceTier) {
		try {
			return this.pricer.price(provider, model, requestedModel, usage, serviceTier);
		}
		catch (RuntimeException ex) {
			this.failures.failed(MeteringStage.PRICING, ex);
			return null;
		}
	}

	/**
	 * Records a call {@link #price priced} already: settles its budgets and hands it to every listener.
	 * @param admission the budget reservations the call holds, settled against its actual cost here
	 * @return the call
	 */
	LlmCall recordPriced(LlmCall call, Admission admission) {
		if (call.usageMissing()) {
			warnMissingUsage(call);
		}
		try {
			this.budgets.settle(admission, call);
		}
		catch (RuntimeException ex) {
			this.failures.failed(MeteringStage.BUDGET, ex);
		}
		for (StagedListener listener : this.listeners) {
			try {
				listener.listener().onCall(call);
			}
			catch (RuntimeException ex) {
				this.failures.failed(listener.stage(), ex);
			}
		}
		return call;
	}

	/**
	 * A call that answered without any usage report cannot be priced; most often a stream from a client or an
	 * OpenAI-compatible server that does not send stream usage. Said once per model id, counted always.
	 */
	private void warnMissingUsage(LlmCall call) {
		this.missingUsageLog.warn(call.model(), () -> "tokenmeter: a "
				+ (call.stream() ? "stream" : "call") + " of model '" + call.model() + "' (provider "
				+ call.provider() + ") ended without usage, so it has no tokens and no cost. Such calls are counted "
				+ "in llm.usage.missing. For streams, make sure the client asks for stream usage "
				+ "(tokenmeter.streaming.request-usage=true; OpenAI-compatible servers must support "
				+ "stream_options.include_usage).");
	}

	/** The budgets ({@link BudgetTracker#none()} when none are configured). */
	public BudgetTracker budgets() {
		return this.budgets;
	}

	public MeteringFailures failures() {
		return this.failures;
	}

	/** A listener and the stage its failures are counted under. */
	public record StagedListener(MeteringStage stage, LlmCallListener listener) {
	}

}
