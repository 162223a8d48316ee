package io.tokenmeter.autoconfigure.budget;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import io.tokenmeter.autoconfigure.TokenMeterProperties.BudgetProperties;
import io.tokenmeter.core.budget.Budget;
import io.tokenmeter.core.budget.BudgetScope;
import io.tokenmeter.core.budget.BudgetWindow;
import io.tokenmeter.core.internal.InvalidConfigurationException;
import org.springframework.boot.convert.DurationStyle;

/** Turns {@code tokenmeter.budgets[*]} into core budgets, refusing what cannot work with the property to fix. */
final class BudgetFactory {

	private BudgetFactory() {
	}

	static List<Budget> create(List<BudgetProperties> configured) {
		List<Budget> budgets = new ArrayList<>();
		Set<String> names = new HashSet<>();
		for (int i = 0; i < configured.size(); i++) {
			BudgetProperties properties = configured.get(i);
			String prefix = "tokenmeter.budgets[" + i + "]";
			if (properties.getName() == null || properties.getName().isBlank()) {
				throw new InvalidConfigurationException(prefix + ".name", "a budget needs a name",
						"Set " + prefix + ".name to a unique name such as 'daily-per-user'.");
			}
			if (!names.add(properties.getName())) {
				throw new InvalidConfigurationException(prefix + ".name",
						"the name '" + properties.getName() + "' is used by two budgets", "Give each budget its own name.");
			}
			if (properties.getLimit() == null || properties.getLimit().signum() <= 0) {
				throw new InvalidConfigurationException(prefix + ".limit",
						"a budget needs a positive limit in USD (was " + properties.getLimit() + ")",
						"Set " + prefix + ".limit, e.g. 25.00 for $25 per window.");
			}
			if (properties.getScope() == BudgetScope.GLOBAL && !properties.getMatch().isEmpty()) {
				throw new InvalidConfigurationException(prefix + ".match",
						"match only applies to model, agent or user scopes",
						"Set " + prefix + ".scope to model, agent or user, or remove match.");
			}
			for (BigDecimal threshold : properties.getAlertThresholds()) {
				if (threshold == null || threshold.signum() <= 0) {
					throw new InvalidConfigurationException(prefix + ".alert-thresholds",
							"thresholds are positive fractions of the limit (was " + threshold + ")",
							"Write fractions such as [0.5, 0.8, 1.0]; 1.0 is the limit itself.");
				}
			}
			budgets.add(new Budget(properties.getName(), properties.getLimit(), window(properties, prefix),
					properties.getScope(), new LinkedHashSet<>(properties.getMatch()),
					properties.getAlertThresholds(), properties.isEnforce()));
		}
		return budgets;
	}

	private static BudgetWindow window(BudgetProperties properties, String prefix) {
		String window = properties.getWindow() == null ? "" : properties.getWindow().trim();
		switch (window.toLowerCase(Locale.ROOT)) {
			case "total":
				return BudgetWindow.calendar(BudgetWindow.Kind.TOTAL, properties.getZone());
			case "hour":
				return BudgetWindow.calendar(BudgetWindow.Kind.HOUR, properties.getZone());
			case "day":
				return BudgetWindow.calendar(BudgetWindow.Kind.DAY, properties.getZone());
			case "week":
				return BudgetWindow.calendar(BudgetWindow.Kind.WEEK, properties.getZone());
			case "month":
				return BudgetWindow.calendar(BudgetWindow.Kind.MONTH, properties.getZone());
			default:
				Duration duration;
				try {
					duration = DurationStyle.detectAndParse(window);
				}
				catch (RuntimeException ex) {
					duration = null;
				}
				if (duration == null || duration.isZero() || duration.isNegative()) {
					throw new InvalidConfigurationException(prefix + ".window",
							"'" + window + "' is not a budget window",
							"Use total, hour, day, week, month, or a positive duration such as 6h or PT30M.");
				}
				return BudgetWindow.fixed(duration);
		}
	}

}
