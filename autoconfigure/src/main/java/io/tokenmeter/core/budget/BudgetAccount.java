package io.tokenmeter.core.budget;

/**
 * One counter in a budget store: a budget, a scope key and a window.
 *
 * @param budget the budget's name
 * @param key the scope value ({@code *} for global)
 * @param span the window
 * @since 0.1.0
 */
public record BudgetAccount(String budget, String key, BudgetWindow.Span span) {
}
