package io.tokenmeter.core.internal;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * Exact amounts of USD as a {@code long} count of pico-dollars (10<sup>-12</sup> USD), for sums on the hot path that
 * must not allocate a {@link BigDecimal} per addition (the spend report's tallies, the in-memory budget store).
 * Money stays a {@link BigDecimal} at every API boundary; this is only the internal form of a running sum.
 *
 * <p><b>Scale.</b> Twelve decimals hold every cost the bundled and LiteLLM catalogs produce (a rate per million
 * tokens with up to six decimals, times a service-tier factor). An amount with more decimals, or of a million
 * dollars or more, is {@link #NOT_EXACT}: the caller adds it as a {@code BigDecimal} instead, so nothing is ever
 * rounded. <b>Overflow:</b> a {@code long} holds about 9.2 million dollars of pico-dollars; a sum that would pass
 * that is moved into a {@code BigDecimal} by the caller ({@link #overflows}), so a total is exact at any size.
 */
public final class PicoDollars {

	/** The scale of one unit: 10^-12 USD. */
	public static final int SCALE = 12;

	/** What {@link #of} answers for an amount that has no exact pico-dollar count below a million dollars. */
	public static final long NOT_EXACT = Long.MIN_VALUE;

	private static final double[] DOUBLE_POWERS = new double[SCALE + 1];

	private static final long[] LONG_POWERS = new long[SCALE + 1];

	static {
		double power = 1;
		long longPower = 1;
		for (int i = 0; i <= SCALE; i++) {
			DOUBLE_POWERS[i] = power;
			LONG_POWERS[i] = longPower;
			power *= 10;
			longPower *= 10;
		}
	}

	private PicoDollars() {
	}

	/**
	 * The amount in pico-dollars, exactly, or {@link #NOT_EXACT} when it has more than twelve decimals, more than
	 * fifteen significant digits or a million dollars or more. Allocates nothing.
	 * <p>
	 * Why this is exact without touching {@code unscaledValue()} (which would allocate a {@code BigInteger}): for
	 * at most 15 digits the unscaled value {@code c} is below 2<sup>50</sup>, and {@code doubleValue()} is the
	 * correctly rounded {@code c / 10^s} (a double division of two exactly represented numbers on JDK 17's fast
	 * path, correctly rounded by the specification of later JDKs' conversion). Multiplying back by {@code 10^s}
	 * (exact as a double for {@code s <= 22}) is within {@code c * 2^-52 < 0.25} of {@code c}, so rounding gives
	 * {@code c} itself. The check against {@code 0.25} guards that bound at run time.
	 */
	public static long of(BigDecimal amount) {
		int scale = amount.scale();
		if (scale < 0 || scale > SCALE) {
			return NOT_EXACT;
		}
		int precision = amount.precision();
		if (precision > 15 || precision - scale > 6) {
			return NOT_EXACT;
		}
		double scaled = amount.doubleValue() * DOUBLE_POWERS[scale];
		long unscaled = Math.round(scaled);
		if (Math.abs(scaled - unscaled) >= 0.25) {
			return NOT_EXACT;
		}
		return unscaled * LONG_POWERS[SCALE - scale];
	}

	/** True when {@code sum + units} does not fit in a long (the caller then moves {@code sum} to a BigDecimal). */
	public static boolean overflows(long sum, long units) {
		long result = sum + units;
		return ((sum ^ result) & (units ^ result)) < 0;
	}

	/**
	 * A pico-dollar sum as a {@link BigDecimal} of the given scale, the scale a {@code BigDecimal} sum of the same
	 * amounts would have had (the largest scale among them): exact, since every amount had at most that many
	 * decimals.
	 */
	public static BigDecimal toBigDecimal(long units, int scale) {
		BigDecimal amount = BigDecimal.valueOf(units, SCALE);
		return scale <= SCALE ? amount.setScale(scale, RoundingMode.UNNECESSARY) : amount.setScale(scale);
	}

}
