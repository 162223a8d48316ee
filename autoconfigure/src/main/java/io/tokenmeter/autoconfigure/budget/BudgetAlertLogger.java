package io.tokenmeter.autoconfigure.budget;

import io.tokenmeter.core.budget.BudgetExceededEvent;
import io.tokenmeter.core.budget.BudgetThresholdEvent;
import io.tokenmeter.core.internal.ControlCharacters;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.context.event.EventListener;

/**
 * Logs every budget alert at WARN in one line ({@code tokenmeter.budget-alerts.log=false} turns it off). The line
 * names ids callers chose (user, agent, model, budget key), so their control characters are escaped: a user id
 * holding a line feed cannot forge a second log line.
 */
class BudgetAlertLogger {

	private static final Log logger = LogFactory.getLog(BudgetAlertLogger.class);

	@EventListener
	public void onExceeded(BudgetExceededEvent event) {
		logger.warn(ControlCharacters.escape("tokenmeter budget '" + event.budget() + "' EXCEEDED" + forKey(event.key())
				+ ": spent $" + event.spent().stripTrailingZeros().toPlainString() + " of $"
				+ event.limit().toPlainString() + window(event.windowEnd()) + " (crossing call: model " + event.model()
				+ ", agent " + event.agent() + ", user " + event.user() + ", $"
				+ event.cost().stripTrailingZeros().toPlainString() + ")"));
	}

	@EventListener
	public void onThreshold(BudgetThresholdEvent event) {
		logger.warn(ControlCharacters.escape("tokenmeter budget '" + event.budget() + "' reached "
				+ event.threshold().movePointRight(2).stripTrailingZeros().toPlainString() + "%" + forKey(event.key())
				+ ": spent $" + event.spent().stripTrailingZeros().toPlainString() + " of $" + event.limit().toPlainString()
				+ window(event.windowEnd())));
	}

	private static String forKey(String key) {
		return "*".equals(key) ? "" : " for '" + key + "'";
	}

	private static String window(java.time.Instant end) {
		return end == null ? "" : " in the window ending " + end;
	}

}
