package io.tokenmeter.core.internal;

import java.math.BigDecimal;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PicoDollarsTests {

	@Test
	void everyAmountWithAtMostTwelveDecimalsFifteenDigitsAndBelowAMillionIsItsExactPicoDollarCount() {
		SplittableRandom random = new SplittableRandom(19);
		for (int i = 0; i < 2_000_000; i++) {
			int scale = random.nextInt(13);
			int digits = 1 + random.nextInt(Math.min(15, scale + 6));
			long unscaled = random.nextLong((long) Math.pow(10, digits)) * (random.nextInt(8) == 0 ? -1 : 1);
			BigDecimal amount = BigDecimal.valueOf(unscaled, scale);
			assertThat(PicoDollars.of(amount)).as(amount.toPlainString())
				.isEqualTo(amount.movePointRight(PicoDollars.SCALE).longValueExact());
		}
	}

	@Test
	void edgesOfTheExactRange() {
		// 999,999.999999999 (15 digits, 9 decimals) is the largest 15-digit amount below a million with 9 decimals
		assertThat(PicoDollars.of(new BigDecimal("999999.999999999"))).isEqualTo(999_999_999_999_999_000L);
		assertThat(PicoDollars.of(new BigDecimal("0.000000000001"))).isEqualTo(1);
		assertThat(PicoDollars.of(new BigDecimal("0.999999999999999"))).isEqualTo(PicoDollars.NOT_EXACT); // 15 dp
		assertThat(PicoDollars.of(new BigDecimal("0.0000000000005"))).isEqualTo(PicoDollars.NOT_EXACT); // 13 dp
		assertThat(PicoDollars.of(new BigDecimal("1000000"))).isEqualTo(PicoDollars.NOT_EXACT); // a million
		assertThat(PicoDollars.of(new BigDecimal("1E+3"))).isEqualTo(PicoDollars.NOT_EXACT); // negative scale
		assertThat(PicoDollars.of(BigDecimal.ZERO)).isZero();
	}

	@Test
	void sumsComeBackAtTheScaleOfTheBigDecimalSum() {
		// 0.0055 + 0.00125 = 0.00675, scale 5 as BigDecimal.add gives it
		long units = PicoDollars.of(new BigDecimal("0.0055")) + PicoDollars.of(new BigDecimal("0.00125"));
		assertThat(PicoDollars.toBigDecimal(units, 5)).isEqualTo(new BigDecimal("0.00675"));
	}

	@Test
	void overflowIsToldBeforeItHappens() {
		assertThat(PicoDollars.overflows(Long.MAX_VALUE - 1, 1)).isFalse();
		assertThat(PicoDollars.overflows(Long.MAX_VALUE - 1, 2)).isTrue();
		assertThat(PicoDollars.overflows(Long.MIN_VALUE + 1, -2)).isTrue();
	}

}
