package io.tokenmeter.core.lifecycle;

import io.tokenmeter.core.attribution.CallAttribution;
import io.tokenmeter.core.call.CallCostTracker;
import io.tokenmeter.core.call.Operation;
import io.tokenmeter.core.call.internal.CallStart;
import io.tokenmeter.core.call.internal.MeteringFailures;
import io.tokenmeter.core.call.internal.MeteringStage;
import io.tokenmeter.core.call.internal.UsageEstimator;
import java.math.BigDecimal;
import java.time.Clock;
import java.util.List;
import java.util.function.Supplier;

import io.tokenmeter.core.budget.internal.Admission;
import io.tokenmeter.core.budget.BudgetExceededException;
import io.tokenmeter.core.budget.BudgetStoreUnavailableException;
import io.tokenmeter.core.budget.internal.BudgetTracker;
import io.tokenmeter.core.usage.internal.LastProviderOfClass;
import io.tokenmeter.core.usage.internal.UsageNormalizers;
import org.jspecify.annotations.Nullable;

/**
 * The one lifecycle every metered call goes through, whatever its entry point (the {@code ChatClient} advisor,
 * the model-level path for hand-built clients and direct {@code ChatModel} / {@code EmbeddingModel} calls):
 * {@link #begin} → {@link MeteredCall#completed completed} / {@link MeteredCall#failed failed} /
 * {@link MeteredCall#cancelled cancelled}, each call recorded exactly once. It owns admission to enforced
 * budgets, usage normalization, provider detection, the model fallback, the estimate of a stream that reported
 * no usage, and recording. Nothing thrown inside it reaches the caller, except a deliberate budget refusal.
 */
public final class CallLifecycle {

	private final LlmCallRecorder recorder;

	private final UsageNormalizers normalizers;

	private final UsageEstimator usageEstimator;

	private final Clock clock;

	private final MeteringScope scope = new MeteringScope();

	private final LastProviderOfClass providerOfNativeUsage = new LastProviderOfClass();

	/**
	 * @param recorder prices and records each call
	 * @param normalizers turn each provider's usage report into disjoint buckets
	 * @param usageEstimator estimates a stream that ended without a usage report, or null to leave it unpriced
	 * @param clock the wall clock of call timestamps
	 */
	public CallLifecycle(LlmCallRecorder recorder, UsageNormalizers normalizers, UsageEstimator usageEstimator,
			Clock clock) {
		this.recorder = recorder;
		this.normalizers = normalizers;
		this.usageEstimator = usageEstimator;
		this.clock = clock;
	}

	/** Begins a call that no enforced budget can refuse (the model-level path, embeddings). */
	public MeteredCall begin(CallStart start) {
		return begin(start.operation(), start.stream(), start.provider(), start.requestedModel(), start.attribution(),
				start.serviceTier(), start.promptText(), start.costTracker());
	}

	/**
	 * {@link #begin(CallStart)} from the start's parts, for the advisor, which begins every {@code ChatClient} call
	 * and has no {@code CallStart} of its own to build.
	 */
	public MeteredCall begin(Operation operation, boolean stream, String provider, @Nullable String requestedModel,
			CallAttribution attribution, @Nullable String serviceTier, Supplier<List<String>> promptText,
			@Nullable CallCostTracker costTracker) {
		return new MeteredCall(this, operation, stream, provider, requestedModel, attribution, serviceTier, promptText,
				costTracker, this.clock.instant(), System.nanoTime(), Admission.NONE);
	}

	/**
	 * Reserves a call's estimated cost in the enforced budgets that apply to it, right after it began. A refusal is
	 * recorded as a {@code blocked} call and thrown: that is the point of enforcement. Any other failure here lets
	 * the call through unreserved.
	 * @param call the call just begun
	 * @param reservation the call's estimated cost, asked for only when an enforced budget applies; it throws
	 * {@code UnpricedModelException} for a call that cannot be priced, which an enforced budget refuses
	 * @return {@code call}
	 * @throws BudgetExceededException when an enforced budget has no room for the call, or cannot price it
	 * ({@code UnpricedCallException})
	 * @throws BudgetStoreUnavailableException when the budget store is down and the budget fails closed
	 */
	public MeteredCall admit(MeteredCall call, Supplier<BigDecimal> reservation) {
		BudgetTracker budgets = this.recorder.budgets();
		if (!budgets.enforcing()) {
			return call;
		}
		try {
			String model = call.requestedModel();
			String agent = call.attribution().agent();
			String user = call.attribution().user();
			call.admitted(budgets.admit(model, agent, user, reservation));
		}
		catch (BudgetExceededException | BudgetStoreUnavailableException refused) {
			call.blocked(refused);
			throw refused;
		}
		catch (RuntimeException | LinkageError ex) {
			failures().failed(MeteringStage.BUDGET, ex);
		}
		return call;
	}

	/**
	 * Whether an enforced budget may refuse calls: only then does {@link #admit} need a
	 * reservation (entry points skip building one otherwise).
	 */
	public boolean enforcing() {
		return this.recorder.budgets().enforcing();
	}

	/** The thread's scope: whether an outer entry point already meters the call being made. */
	public MeteringScope scope() {
		return this.scope;
	}

	LlmCallRecorder recorder() {
		return this.recorder;
	}

	/** Names the provider of a response's native usage object (the SDK that made it). */
	LastProviderOfClass providerOfNativeUsage() {
		return this.providerOfNativeUsage;
	}

	UsageNormalizers normalizers() {
		return this.normalizers;
	}

	UsageEstimator usageEstimator() {
		return this.usageEstimator;
	}

	public MeteringFailures failures() {
		return this.recorder.failures();
	}

}
