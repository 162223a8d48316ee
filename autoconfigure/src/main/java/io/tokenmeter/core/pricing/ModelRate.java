package io.tokenmeter.core.pricing;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * Prices of one model's token buckets, in USD per 1,000,000 tokens. Every field is set: the fallbacks for
 * rates a provider page does not list are applied by {@link #of} (documented there), never zero by accident.
 *
 * @param input uncached input
 * @param output output, reasoning included unless {@code reasoning} differs
 * @param cacheRead input read from the prompt cache
 * @param cacheWrite input written to the cache with the default (5-minute) TTL
 * @param cacheWrite1h input written to the cache with a 1-hour TTL
 * @param reasoning reasoning/thinking output tokens
 * @since 0.1.0
 */
public record ModelRate(BigDecimal input, BigDecimal output, BigDecimal cacheRead, BigDecimal cacheWrite,
		BigDecimal cacheWrite1h, BigDecimal reasoning) {

	public ModelRate {
		Objects.requireNonNull(input, "input");
		Objects.requireNonNull(output, "output");
		Objects.requireNonNull(cacheRead, "cacheRead");
		Objects.requireNonNull(cacheWrite, "cacheWrite");
		Objects.requireNonNull(cacheWrite1h, "cacheWrite1h");
		Objects.requireNonNull(reasoning, "reasoning");
	}

	/**
	 * A rate with the documented fallbacks for what is not given: cache-read and cache-write fall back to the
	 * input rate (a cache never makes a token free by omission), the 1-hour cache write to the cache-write
	 * rate, and reasoning to the output rate (every provider bills reasoning as output).
	 */
	public static ModelRate of(BigDecimal input, BigDecimal output, BigDecimal cacheRead, BigDecimal cacheWrite,
			BigDecimal cacheWrite1h, BigDecimal reasoning) {
		BigDecimal write = cacheWrite != null ? cacheWrite : input;
		return new ModelRate(input, output, cacheRead != null ? cacheRead : input, write,
				cacheWrite1h != null ? cacheWrite1h : write, reasoning != null ? reasoning : output);
	}

	/** Input and output only, every other bucket by fallback. */
	public static ModelRate of(String input, String output) {
		return of(new BigDecimal(input), new BigDecimal(output), null, null, null, null);
	}

	/** Every rate multiplied by a factor, for service tiers priced as a discount or a surcharge. */
	public ModelRate times(BigDecimal factor) {
		return new ModelRate(this.input.multiply(factor), this.output.multiply(factor),
				this.cacheRead.multiply(factor), this.cacheWrite.multiply(factor), this.cacheWrite1h.multiply(factor),
				this.reasoning.multiply(factor));
	}

}
