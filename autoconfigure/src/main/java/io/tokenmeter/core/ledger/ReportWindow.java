package io.tokenmeter.core.ledger;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

import io.tokenmeter.core.budget.BudgetWindow;

/**
 * The period a spend report covers: {@link #TOTAL} is everything since the application started (kept in memory);
 * the calendar windows (current hour, day, week from Monday, month, in the ledger's zone) are read from the JSONL
 * ledger, so they survive restarts and need it enabled.
 *
 * @since 0.1.0
 */
public enum ReportWindow {

	TOTAL(null), HOUR(BudgetWindow.Kind.HOUR), DAY(BudgetWindow.Kind.DAY), WEEK(BudgetWindow.Kind.WEEK),
	MONTH(BudgetWindow.Kind.MONTH);

	private final BudgetWindow.Kind calendar;

	ReportWindow(BudgetWindow.Kind calendar) {
		this.calendar = calendar;
	}

	public String value() {
		return name().toLowerCase(Locale.ROOT);
	}

	/** The calendar window kind, or null for {@link #TOTAL}. */
	public BudgetWindow.Kind calendar() {
		return this.calendar;
	}

	/**
	 * @param text a window name, any case; null or blank means {@link #TOTAL}
	 * @throws IllegalArgumentException naming the valid windows
	 */
	public static ReportWindow parse(String text) {
		if (text == null || text.isBlank()) {
			return TOTAL;
		}
		for (ReportWindow window : values()) {
			if (window.value().equalsIgnoreCase(text.trim())) {
				return window;
			}
		}
		throw new IllegalArgumentException("'" + text + "' is not a report window; use one of " + names());
	}

	public static String names() {
		return Arrays.stream(values()).map(ReportWindow::value).collect(Collectors.joining(", "));
	}

}
