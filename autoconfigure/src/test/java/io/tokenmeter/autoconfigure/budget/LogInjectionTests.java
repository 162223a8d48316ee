package io.tokenmeter.autoconfigure.budget;

import java.math.BigDecimal;
import java.time.Instant;

import io.tokenmeter.core.budget.BudgetCrossing;
import io.tokenmeter.core.budget.BudgetExceededEvent;
import io.tokenmeter.core.budget.BudgetScope;
import io.tokenmeter.core.budget.BudgetThresholdEvent;
import io.tokenmeter.core.call.internal.OncePerKeyLog;
import org.apache.commons.logging.LogFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

/** Ids callers choose cannot forge log lines: their control characters reach the log escaped. */
@ExtendWith(OutputCaptureExtension.class)
class LogInjectionTests {

	private static final String FORGED = "alice\n2026-11-26T10:00:00.000Z  INFO 1 --- [main] forged: all budgets reset\u001b[2K";

	@Test
	void aUserIdWithALineFeedStaysOnTheBudgetExceededLine(CapturedOutput output) {
		new BudgetAlertLogger().onExceeded(new BudgetExceededEvent(new BudgetCrossing("per-user", BudgetScope.USER,
				FORGED, Instant.EPOCH, null, BigDecimal.ONE, new BigDecimal("1.2"), "gpt-4o\r", "support", FORGED,
				new BigDecimal("0.2"))));
		assertThat(output.getOut()).contains("for 'alice\\n2026-11-26T10:00:00.000Z  INFO 1 --- [main] forged")
			.contains("model gpt-4o\\r,")
			.doesNotContain("\u001b")
			.doesNotContainPattern("(?m)^2026-11-26T10:00:00.000Z  INFO 1 --- \\[main\\] forged");
	}

	@Test
	void aUserIdWithALineFeedStaysOnTheThresholdLine(CapturedOutput output) {
		new BudgetAlertLogger().onThreshold(new BudgetThresholdEvent(new BudgetCrossing("per-user", BudgetScope.USER,
				FORGED, Instant.EPOCH, null, BigDecimal.ONE, new BigDecimal("0.8"), "gpt-4o", "support", FORGED,
				new BigDecimal("0.1")), new BigDecimal("0.8")));
		assertThat(output.getOut()).contains("'alice\\n2026").doesNotContainPattern("(?m)^2026-11-26T10:00");
	}

	@Test
	void aModelIdWithALineFeedStaysOnItsWarningLine(CapturedOutput output) {
		new OncePerKeyLog(LogFactory.getLog(LogInjectionTests.class), 10).warn("m\nx",
				() -> "tokenmeter: no price for model 'm\nWARN forged'");
		assertThat(output.getOut()).contains("no price for model 'm\\nWARN forged'")
			.doesNotContainPattern("(?m)^WARN forged");
	}

}
