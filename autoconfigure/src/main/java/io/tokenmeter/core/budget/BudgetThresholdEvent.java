package io.tokenmeter.core.budget;

import java.math.BigDecimal;

/**
 * Published once per alert threshold below 1.0 (e.g. 0.8) per budget key per window, when spend first reaches
 * that fraction of the limit. Same threading as {@link BudgetExceededEvent}.
 *
 * @param crossing the budget, its key and window, and the crossing call
 * @param threshold the fraction of the limit that was reached
 * @since 0.1.0 (a {@link BudgetEvent} with its shared fields in {@link BudgetCrossing} since 0.2.0)
 */
public record BudgetThresholdEvent(BudgetCrossing crossing, BigDecimal threshold) implements BudgetEvent {
}
