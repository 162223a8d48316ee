package io.tokenmeter.core.call.internal;

import java.util.ArrayList;
import java.util.List;

import org.springframework.ai.chat.messages.Message;
import org.springframework.ai.chat.prompt.Prompt;

/** The text of a prompt's messages, for the tokenizer (estimates of calls that reported no usage). */
public final class PromptText {

	private PromptText() {
	}

	/** The text of each message of the prompt, in order; empty for no prompt. */
	public static List<String> of(Prompt prompt) {
		if (prompt == null) {
			return List.of();
		}
		List<String> text = new ArrayList<>(prompt.getInstructions().size());
		for (Message message : prompt.getInstructions()) {
			text.add(message.getText());
		}
		return text;
	}

}
