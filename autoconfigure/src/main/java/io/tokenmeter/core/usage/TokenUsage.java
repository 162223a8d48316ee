package io.tokenmeter.core.usage;

/**
 * What one model call consumed, in buckets that do not overlap on the input side and can each be priced.
 *
 * <p>Input is split into {@code input} (uncached), {@code cacheRead}, {@code cacheWrite5m} and
 * {@code cacheWrite1h}; their sum is the whole prompt. {@code output} is every billed output token,
 * thinking included; {@code reasoning} is the part of {@code output} the provider reported as
 * reasoning/thinking (a subset, never added on top). So {@code totalInput() + output} is the
 * billed total, whatever the provider's own "prompt"/"completion" fields meant.
 *
 * @param input uncached input tokens
 * @param cacheRead input tokens read from the provider's prompt cache
 * @param cacheWrite5m input tokens written to a 5-minute (default TTL) cache
 * @param cacheWrite1h input tokens written to a 1-hour cache
 * @param output all output tokens, reasoning included
 * @param reasoning reasoning tokens, a subset of {@code output}
 * @param reported false when the provider reported no usage at all for the call
 * @since 0.1.0
 */
public record TokenUsage(long input, long cacheRead, long cacheWrite5m, long cacheWrite1h, long output,
		long reasoning, boolean reported) {

	/** The usage of a call whose provider reported nothing: counted as missing, never as zero. */
	public static final TokenUsage MISSING = new TokenUsage(0, 0, 0, 0, 0, 0, false);

	public TokenUsage {
		if (input < 0 || cacheRead < 0 || cacheWrite5m < 0 || cacheWrite1h < 0 || output < 0 || reasoning < 0) {
			throw new IllegalArgumentException("token counts must not be negative");
		}
		if (reasoning > output) {
			throw new IllegalArgumentException("reasoning tokens are a subset of output tokens");
		}
	}

	public static TokenUsage of(long input, long cacheRead, long cacheWrite5m, long cacheWrite1h, long output,
			long reasoning) {
		return new TokenUsage(input, cacheRead, cacheWrite5m, cacheWrite1h, output, reasoning, true);
	}

	/** Input tokens written to any cache. */
	public long cacheWrite() {
		return this.cacheWrite5m + this.cacheWrite1h;
	}

	/** The whole prompt: uncached, cached and cache-written input. Tiered prices are keyed on it. */
	public long totalInput() {
		return this.input + this.cacheRead + cacheWrite();
	}

	/** Every billed token of the call. */
	public long total() {
		return totalInput() + this.output;
	}

	/** Token count of one bucket, as published in the {@code llm.tokens} metric. */
	public long get(TokenType type) {
		return switch (type) {
			case INPUT -> this.input;
			case CACHE_READ -> this.cacheRead;
			case CACHE_WRITE -> cacheWrite();
			case OUTPUT -> this.output;
			case REASONING -> this.reasoning;
		};
	}

	/** Bucket-wise sum, used where one logical call spans several reports. */
	public TokenUsage plus(TokenUsage other) {
		if (!other.reported) {
			return this;
		}
		if (!this.reported) {
			return other;
		}
		return of(this.input + other.input, this.cacheRead + other.cacheRead, this.cacheWrite5m + other.cacheWrite5m,
				this.cacheWrite1h + other.cacheWrite1h, this.output + other.output, this.reasoning + other.reasoning);
	}

}
