package io.tokenmeter.core.budget;

import java.math.BigDecimal;
import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * A budget alert: spend of one budget key reached an alert threshold ({@link BudgetThresholdEvent}) or the limit
 * itself ({@link BudgetExceededEvent}). Each is published once per threshold per budget key per window, by the
 * call whose cost crossed it, on that call's thread; an exception thrown by a listener is counted and logged and
 * does not affect the call. Listen to one kind with a plain {@code @EventListener} method taking it, or to both
 * by taking {@code BudgetEvent} and telling them apart by type (a {@code switch} over the two on Java 21):
 *
 * <pre>{@code
 * @EventListener
 * void on(BudgetEvent event) {
 *     if (event instanceof BudgetThresholdEvent threshold) {
 *         chat.post(threshold.budget() + " reached " + threshold.threshold() + " for " + threshold.key());
 *     }
 *     else {
 *         pager.page(event.budget() + " exceeded for " + event.key() + ": $" + event.spent());
 *     }
 * }
 * }</pre>
 * The accessors below read the event's {@link #crossing() crossing}, the fields both kinds share.
 *
 * @since 0.2.0
 */
public sealed interface BudgetEvent permits BudgetThresholdEvent, BudgetExceededEvent {

	/**
	 * The budget, its key and window, and the call that crossed.
	 * @return the shared fields of every budget event
	 */
	BudgetCrossing crossing();

	/** @return the budget's name */
	default String budget() {
		return crossing().budget();
	}

	/** @return what the budget counts */
	default BudgetScope scope() {
		return crossing().scope();
	}

	/** @return the scope value that crossed (e.g. user {@code alice}); {@code *} for a global budget */
	default String key() {
		return crossing().key();
	}

	/** @return start of the window; absent for a total budget */
	default @Nullable Instant windowStart() {
		return crossing().windowStart();
	}

	/** @return end of the window (exclusive); absent for a total budget */
	default @Nullable Instant windowEnd() {
		return crossing().windowEnd();
	}

	/** @return the limit in USD */
	default BigDecimal limit() {
		return crossing().limit();
	}

	/** @return spend in the window including the crossing call, USD */
	default BigDecimal spent() {
		return crossing().spent();
	}

	/** @return model of the crossing call */
	default String model() {
		return crossing().model();
	}

	/** @return agent of the crossing call */
	default String agent() {
		return crossing().agent();
	}

	/** @return user of the crossing call */
	default String user() {
		return crossing().user();
	}

	/** @return cost of the crossing call, USD */
	default BigDecimal cost() {
		return crossing().cost();
	}

}
