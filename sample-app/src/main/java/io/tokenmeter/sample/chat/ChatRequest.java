package io.tokenmeter.sample.chat;

import java.util.regex.Pattern;

/**
 * A question for the assistant and whom it is for.
 *
 * @param message the user's message (required, at most {@value #MAX_MESSAGE_CHARACTERS} characters)
 * @param agent the agent or feature asking: a metric tag, so a short identifier from a bounded set
 * @param user the end user, for attribution and the per-user budget
 * @param session the conversation id, kept in call records only
 * @param model the model to ask; when absent the chat model's default (the demo routes by message)
 */
public record ChatRequest(String message, String agent, String user, String session, String model) {

	/** The longest message accepted. */
	public static final int MAX_MESSAGE_CHARACTERS = 8000;

	private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,63}");

	private static final int MAX_ID_CHARACTERS = 128;

	/** @throws InvalidChatRequestException naming the first field that is missing or malformed */
	void validate() {
		if (this.message == null || this.message.isBlank()) {
			throw new InvalidChatRequestException("message",
					"'message' is required: send {\"message\": \"your question\"}.");
		}
		if (this.message.length() > MAX_MESSAGE_CHARACTERS) {
			throw new InvalidChatRequestException("message", "'message' has " + this.message.length()
					+ " characters; at most " + MAX_MESSAGE_CHARACTERS + " are accepted.");
		}
		identifier("agent", this.agent);
		identifier("model", this.model);
		bounded("user", this.user);
		bounded("session", this.session);
	}

	private static void identifier(String field, String value) {
		if (value != null && !IDENTIFIER.matcher(value).matches()) {
			throw new InvalidChatRequestException(field, "'" + field
					+ "' must be 1 to 64 letters, digits, '.', '_', ':' or '-', starting with a letter or digit.");
		}
	}

	private static void bounded(String field, String value) {
		if (value != null && (value.isBlank() || value.length() > MAX_ID_CHARACTERS)) {
			throw new InvalidChatRequestException(field,
					"'" + field + "' must not be blank and must have at most " + MAX_ID_CHARACTERS + " characters.");
		}
	}

}
