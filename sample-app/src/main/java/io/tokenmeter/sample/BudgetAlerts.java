package io.tokenmeter.sample;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

import io.tokenmeter.core.budget.BudgetExceededEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * What an application writes to act on a budget crossing: here it "pages" by logging one line and keeps the last
 * few alerts. tokenmeter publishes {@link BudgetExceededEvent} once per budget key per window, on the thread of the
 * call that crossed the limit; keep the listener fast or make it {@code @Async}.
 */
@Component
public class BudgetAlerts {

	private static final Logger logger = LoggerFactory.getLogger(BudgetAlerts.class);

	private static final int KEPT = 20;

	private final Deque<BudgetExceededEvent> recent = new ArrayDeque<>();

	@EventListener
	void onExceeded(BudgetExceededEvent event) {
		logger.warn("PAGE on-call: budget '{}' exceeded{} — spent ${} of ${} ({} via agent {}), window ends {}",
				event.budget(), "*".equals(event.key()) ? "" : " by " + event.scope() + " '" + event.key() + "'",
				event.spent().stripTrailingZeros().toPlainString(), event.limit().stripTrailingZeros().toPlainString(),
				event.model(), event.agent(), event.windowEnd());
		synchronized (this.recent) {
			if (this.recent.size() == KEPT) {
				this.recent.removeFirst();
			}
			this.recent.addLast(event);
		}
	}

	/** The last alerts received, oldest first. */
	public List<BudgetExceededEvent> recent() {
		synchronized (this.recent) {
			return List.copyOf(this.recent);
		}
	}

}
