package io.tokenmeter.advisor;

import io.tokenmeter.core.call.internal.CallResult;
import io.tokenmeter.core.call.internal.ChatResponses;
import io.tokenmeter.core.usage.internal.AnthropicCacheWriteSplit;
import org.springframework.ai.chat.client.ChatClientResponse;
import org.springframework.ai.chat.metadata.DefaultUsage;
import org.springframework.ai.chat.metadata.Usage;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.model.Generation;
import org.springframework.ai.chat.prompt.Prompt;

/**
 * What one stream has shown so far. Providers report stream usage differently: OpenAI stamps an empty 0/0
 * usage on every content chunk and the real one on a last chunk without choices; Anthropic and Gemini repeat
 * cumulative counts. Taking the <em>last non-empty</em> report covers both, and a prompt count seen only on an
 * earlier chunk is kept (a provider that spreads usage over chunks). The streamed text is kept ({@link StreamedText})
 * until a usage report arrives, for the estimate of a stream that ends without one.
 * Chunks arrive one at a time (Reactive Streams serializes onNext).
 */
final class StreamTally {

	private final int previewChars;

	private StringBuilder preview;

	private StreamedText text;

	private Usage lastUsage;

	private int maxPromptTokens;

	private String model;

	private String finishReason;

	private final Prompt prompt;

	/** @param previewChars how many characters of the streamed text to keep for the call record; 0 keeps none */
	StreamTally(int previewChars) {
		this(previewChars, null);
	}

	/** @param prompt the stream's request, for what only it can tell (an Anthropic stream's cache-write TTL) */
	StreamTally(int previewChars, Prompt prompt) {
		this.previewChars = previewChars;
		this.prompt = prompt;
	}

	/** @return whether the chunk carried a generation (the first one is the stream's first chunk) */
	boolean onChunk(ChatClientResponse chunk) {
		ChatResponse response = chunk.chatResponse();
		if (response == null) {
			return false;
		}
		// Runs for every chunk: the generation is looked up once, not once per field, and the text is kept by
		// reference, not copied.
		Usage usage = response.getMetadata().getUsage();
		if (usage != null) {
			Integer prompt = usage.getPromptTokens();
			Integer completion = usage.getCompletionTokens();
			if ((prompt != null && prompt > 0) || (completion != null && completion > 0)) {
				this.lastUsage = usage;
				this.text = null;
				if (prompt != null && prompt > this.maxPromptTokens) {
					this.maxPromptTokens = prompt;
				}
			}
		}
		String chunkModel = ChatResponses.model(response);
		if (chunkModel != null) {
			this.model = chunkModel;
		}
		Generation generation = response.getResult();
		if (generation == null) {
			return false;
		}
		String reason = ChatResponses.finishReason(generation);
		if (reason != null) {
			this.finishReason = reason;
		}
		String chunkText = ChatResponses.text(generation);
		if (chunkText != null && !chunkText.isEmpty()) {
			if (this.lastUsage == null) {
				keepText(chunkText);
			}
			if (this.previewChars > 0) {
				appendPreview(chunkText);
			}
		}
		return true;
	}

	private void keepText(String chunkText) {
		if (this.text == null) {
			this.text = new StreamedText();
		}
		this.text.add(chunkText);
	}

	private void appendPreview(String chunkText) {
		if (this.preview == null) {
			this.preview = new StringBuilder(Math.min(this.previewChars, 256));
		}
		int room = this.previewChars - this.preview.length();
		if (room > 0) {
			this.preview.append(ChatResponses.preview(chunkText, room));
		}
	}

	/** The first characters of the streamed text, or null when none were asked for or none came. */
	String preview() {
		return this.preview == null ? null : this.preview.toString();
	}

	/** What the stream has shown so far, for the call's record. */
	CallResult result() {
		return new CallResult(this.model, usage(), this.finishReason, preview(), this.text);
	}

	/** The stream's usage, or null when no chunk reported any. */
	private Usage usage() {
		Usage usage = this.lastUsage;
		if (usage != null && this.maxPromptTokens > 0
				&& (usage.getPromptTokens() == null || usage.getPromptTokens() == 0)) {
			usage = new DefaultUsage(this.maxPromptTokens, usage.getCompletionTokens(), null, usage.getNativeUsage(),
					usage.getCacheReadInputTokens(), usage.getCacheWriteInputTokens());
		}
		return AnthropicCacheWriteSplit.withRequestedTtl(usage, this.prompt);
	}

}
