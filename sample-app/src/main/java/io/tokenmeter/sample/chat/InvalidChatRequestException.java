package io.tokenmeter.sample.chat;

/** A chat request that cannot be answered as sent; answered with 400 and the detail. */
class InvalidChatRequestException extends RuntimeException {

	private final String field;

	InvalidChatRequestException(String field, String detail) {
		super(detail);
		this.field = field;
	}

	String getField() {
		return this.field;
	}

}
