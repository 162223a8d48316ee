package io.tokenmeter.core.ledger;

import java.math.BigDecimal;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class BudgetStatusTests {

	@Test
	void amountsLoseTheirTrailingZeros() {
		BudgetStatus status = status(new BigDecimal("0.010000000"), new BigDecimal("0.003683400"),
				new BigDecimal("0.006316600"));

		assertThat(status.limit()).hasToString("0.01");
		assertThat(status.spent()).hasToString("0.0036834");
		assertThat(status.remaining()).hasToString("0.0063166");
	}

	@Test
	void wholeAmountsStayPlainNumbersWithoutExponent() {
		BudgetStatus status = status(new BigDecimal("10.00"), new BigDecimal("0E-9"), new BigDecimal("10.000000000"));

		assertThat(status.limit()).hasToString("10");
		assertThat(status.spent()).hasToString("0");
		assertThat(status.remaining()).hasToString("10");
	}

	@Test
	void anUnreadableStoreLeavesSpentAndRemainingAbsent() {
		BudgetStatus status = status(new BigDecimal("5.0"), null, null);

		assertThat(status.spent()).isNull();
		assertThat(status.remaining()).isNull();
	}

	private static BudgetStatus status(BigDecimal limit, BigDecimal spent, BigDecimal remaining) {
		return new BudgetStatus("daily", "global", "*", "day (UTC)", false, limit, spent, remaining, null,
				BudgetStatus.OK, null);
	}

}
