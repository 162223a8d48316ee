package io.tokenmeter.core.call;

/**
 * How a metered call ended; published as the {@code outcome} tag.
 *
 * @since 0.1.0
 */
public enum CallOutcome {

	/** The model answered and stopped on its own. */
	SUCCESS("success"),
	/** The model answered but stopped at the output limit (finish reason {@code length} / {@code max_tokens}). */
	TRUNCATED("truncated"),
	/** The call failed; the exception type is recorded too. */
	ERROR("error"),
	/** A stream the caller cancelled before it completed. */
	CANCELLED("cancelled"),
	/** Refused before reaching the model by an enforced budget. */
	BLOCKED("blocked");

	private final String tagValue;

	CallOutcome(String tagValue) {
		this.tagValue = tagValue;
	}

	public String tagValue() {
		return this.tagValue;
	}

	/** The outcome of an answer by its finish reason: OpenAI says {@code length}, Anthropic {@code max_tokens}, Gemini {@code MAX_TOKENS}. */
	public static CallOutcome ofFinishReason(String finishReason) {
		if (finishReason != null
				&& (finishReason.equalsIgnoreCase("length") || finishReason.equalsIgnoreCase("max_tokens"))) {
			return TRUNCATED;
		}
		return SUCCESS;
	}

}
