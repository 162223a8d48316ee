package io.tokenmeter.core.usage;

/**
 * The token buckets published as the {@code type} tag of {@code llm.tokens}. {@link #REASONING} is a subset of
 * {@link #OUTPUT}: summing every type but reasoning gives the billed total.
 *
 * @since 0.1.0
 */
public enum TokenType {

	INPUT("input"), CACHE_READ("cache_read"), CACHE_WRITE("cache_write"), OUTPUT("output"), REASONING("reasoning");

	private final String tagValue;

	TokenType(String tagValue) {
		this.tagValue = tagValue;
	}

	public String tagValue() {
		return this.tagValue;
	}

}
