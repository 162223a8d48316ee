package io.tokenmeter.core.ledger;

/**
 * Tokens by bucket, the buckets of the {@code llm.tokens} metric: {@code reasoning} is a subset of {@code output},
 * so {@code input + cacheRead + cacheWrite + output} is the billed total.
 *
 * @param input uncached input tokens
 * @param cacheRead input tokens read from a prompt cache
 * @param cacheWrite input tokens written to a prompt cache (any TTL)
 * @param output output tokens, reasoning included
 * @param reasoning reasoning tokens, a subset of output
 * @since 0.1.0
 */
public record TokenCounts(long input, long cacheRead, long cacheWrite, long output, long reasoning) {

	public static final TokenCounts NONE = new TokenCounts(0, 0, 0, 0, 0);

	/** Every billed token. */
	public long total() {
		return this.input + this.cacheRead + this.cacheWrite + this.output;
	}

}
