/**
 * Budgets: windows and scopes, the {@link io.tokenmeter.core.budget.BudgetStore} extension point and its in-memory
 * store, and the {@link io.tokenmeter.core.budget.BudgetEvent} alerts.
 */
@NullMarked
package io.tokenmeter.core.budget;

import org.jspecify.annotations.NullMarked;
