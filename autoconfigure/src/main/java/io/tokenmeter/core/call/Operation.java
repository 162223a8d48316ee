package io.tokenmeter.core.call;

/**
 * What kind of model call was made, named as OpenTelemetry's {@code gen_ai.operation.name} names it.
 *
 * @since 0.1.0
 */
public enum Operation {

	/** A chat completion (one model round trip of a conversation). */
	CHAT("chat"),

	/** An embeddings request: input tokens only. */
	EMBEDDINGS("embeddings");

	private final String value;

	Operation(String value) {
		this.value = value;
	}

	/** The tag and record value: {@code chat} or {@code embeddings}. */
	public String value() {
		return this.value;
	}

	/** The operation of a record value; unknown or missing values are chat (records written before embeddings). */
	public static Operation of(String value) {
		return EMBEDDINGS.value.equals(value) ? EMBEDDINGS : CHAT;
	}

}
