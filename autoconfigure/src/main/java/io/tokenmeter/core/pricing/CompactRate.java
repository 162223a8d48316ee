package io.tokenmeter.core.pricing;

import java.math.BigDecimal;

import io.tokenmeter.core.usage.TokenUsage;

/**
 * A {@link ModelRate} as unscaled longs and scales, so a call is priced with long arithmetic and one
 * {@link BigDecimal} for the result instead of three per bucket. Gives exactly the value and scale of the
 * {@code BigDecimal} sum (the scale is the largest scale among the rates of the buckets that have tokens), and
 * declines (null) where a rate or a product does not fit in a long, so the caller can fall back.
 */
final class CompactRate {

	/** 10^0 … 10^17. */
	private static final long[] POWERS_OF_TEN = new long[18];

	static {
		POWERS_OF_TEN[0] = 1;
		for (int i = 1; i < POWERS_OF_TEN.length; i++) {
			POWERS_OF_TEN[i] = POWERS_OF_TEN[i - 1] * 10;
		}
	}

	/** The rate this was made from (compared by identity: rates are immutable and shared by the rate table). */
	final ModelRate rate;

	/** Unscaled rates of input, cache read, 5m and 1h cache write, output without reasoning, reasoning. */
	private final long[] unscaled;

	private final int[] scales;

	private CompactRate(ModelRate rate, long[] unscaled, int[] scales) {
		this.rate = rate;
		this.unscaled = unscaled;
		this.scales = scales;
	}

	/** @return the compact form, or one that always declines when a rate has no small unscaled long */
	static CompactRate of(ModelRate rate) {
		BigDecimal[] rates = { rate.input(), rate.cacheRead(), rate.cacheWrite(), rate.cacheWrite1h(), rate.output(),
				rate.reasoning() };
		long[] unscaled = new long[rates.length];
		int[] scales = new int[rates.length];
		for (int i = 0; i < rates.length; i++) {
			BigDecimal value = rates[i];
			if (value.scale() < 0 || value.scale() >= POWERS_OF_TEN.length || value.precision() > 18) {
				return new CompactRate(rate, null, null);
			}
			unscaled[i] = value.unscaledValue().longValueExact();
			scales[i] = value.scale();
		}
		return new CompactRate(rate, unscaled, scales);
	}

	/** @return the cost in USD (tokens × rate per million, summed), or null when it does not fit in a long */
	BigDecimal cost(TokenUsage usage) {
		if (this.unscaled == null) {
			return null;
		}
		long input = usage.input();
		long cacheRead = usage.cacheRead();
		long write5m = usage.cacheWrite5m();
		long write1h = usage.cacheWrite1h();
		long output = usage.output() - usage.reasoning();
		long reasoning = usage.reasoning();
		int scale = 0;
		scale = scaleOf(input, 0, scale);
		scale = scaleOf(cacheRead, 1, scale);
		scale = scaleOf(write5m, 2, scale);
		scale = scaleOf(write1h, 3, scale);
		scale = scaleOf(output, 4, scale);
		scale = scaleOf(reasoning, 5, scale);
		try {
			long sum = term(input, 0, scale);
			sum = Math.addExact(sum, term(cacheRead, 1, scale));
			sum = Math.addExact(sum, term(write5m, 2, scale));
			sum = Math.addExact(sum, term(write1h, 3, scale));
			sum = Math.addExact(sum, term(output, 4, scale));
			sum = Math.addExact(sum, term(reasoning, 5, scale));
			return BigDecimal.valueOf(sum, scale + 6);
		}
		catch (ArithmeticException overflow) {
			return null;
		}
	}

	private int scaleOf(long tokens, int bucket, int scale) {
		return tokens == 0 ? scale : Math.max(scale, this.scales[bucket]);
	}

	private long term(long tokens, int bucket, int scale) {
		if (tokens == 0) {
			return 0;
		}
		long rate = Math.multiplyExact(this.unscaled[bucket], POWERS_OF_TEN[scale - this.scales[bucket]]);
		return Math.multiplyExact(tokens, rate);
	}

}
