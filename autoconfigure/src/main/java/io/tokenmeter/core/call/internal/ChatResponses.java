package io.tokenmeter.core.call.internal;

import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.model.Generation;

/**
 * Small, allocation-free readers of a {@link ChatResponse}, shared by every entry point (the advisor's call and
 * stream paths, the model-level path).
 */
public final class ChatResponses {

	private ChatResponses() {
	}

	public static String model(ChatResponse response) {
		if (response == null) {
			return null;
		}
		String model = response.getMetadata().getModel();
		return model == null || model.isEmpty() ? null : model;
	}

	public static String finishReason(ChatResponse response) {
		return response == null ? null : finishReason(response.getResult());
	}

	/** The generation's finish reason, or null (also for none or an empty one). */
	public static String finishReason(Generation generation) {
		if (generation == null) {
			return null;
		}
		String reason = generation.getMetadata().getFinishReason();
		return reason == null || reason.isEmpty() ? null : reason;
	}

	/** The text of the response's first generation, or null. */
	public static String text(ChatResponse response) {
		return response == null ? null : text(response.getResult());
	}

	/** The generation's text, or null. */
	public static String text(Generation generation) {
		if (generation == null || generation.getOutput() == null) {
			return null;
		}
		return generation.getOutput().getText();
	}

	/**
	 * The first {@code maxChars} characters of {@code text} (never splitting a surrogate pair), or null when
	 * there is no text.
	 */
	public static String preview(String text, int maxChars) {
		if (text == null) {
			return null;
		}
		if (text.length() <= maxChars) {
			return text;
		}
		int end = Character.isHighSurrogate(text.charAt(maxChars - 1)) ? maxChars - 1 : maxChars;
		return text.substring(0, end);
	}

	/**
	 * What a whole response shows, for the call's record: model, usage, finish reason and, when
	 * {@code previewChars} asks for it, the first characters of its text.
	 */
	public static CallResult result(ChatResponse response, int previewChars) {
		if (response == null) {
			return CallResult.NONE;
		}
		String preview = previewChars > 0 ? preview(text(response), previewChars) : null;
		return new CallResult(model(response), response.getMetadata().getUsage(), finishReason(response), preview,
				null);
	}

}
