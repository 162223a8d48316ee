package io.tokenmeter.advisor;

import java.util.concurrent.atomic.AtomicBoolean;

import org.springframework.ai.chat.client.ChatClientResponse;
import org.springframework.ai.chat.metadata.DefaultUsage;
import org.springframework.ai.chat.metadata.Usage;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.model.Generation;

/**
 * What one stream has shown so far. Providers report stream usage differently: OpenAI stamps an empty 0/0
 * usage on every content chunk and the real one on a last chunk without choices; Anthropic and Gemini repeat
 * cumulative counts. Taking the <em>last non-empty</em> report covers both, and a prompt count seen only on an
 * earlier chunk is kept (a provider that spreads usage over chunks). Chunks arrive one at a time (Reactive
 * Streams serializes onNext), so only the once-only finish guard needs to be atomic.
 */
final class StreamTally {

	private final AtomicBoolean finished = new AtomicBoolean();

	private final int previewChars;

	private StringBuilder preview;

	private long firstChunkNanos = -1;

	private Usage lastUsage;

	private int maxPromptTokens;

	private String model;

	private String finishReason;

	/** @param previewChars how many characters of the streamed text to keep for the call record; 0 keeps none */
	StreamTally(int previewChars) {
		this.previewChars = previewChars;
	}

	void onChunk(ChatClientResponse chunk) {
		ChatResponse response = chunk.chatResponse();
		if (response == null) {
			return;
		}
		if (this.firstChunkNanos < 0 && hasGeneration(response)) {
			// Read the clock for the first chunk only: a clock read costs as much as the rest of a chunk.
			this.firstChunkNanos = System.nanoTime();
		}
		Usage usage = response.getMetadata().getUsage();
		if (usage != null) {
			Integer prompt = usage.getPromptTokens();
			Integer completion = usage.getCompletionTokens();
			if ((prompt != null && prompt > 0) || (completion != null && completion > 0)) {
				this.lastUsage = usage;
				if (prompt != null && prompt > this.maxPromptTokens) {
					this.maxPromptTokens = prompt;
				}
			}
		}
		String chunkModel = ResponseReading.model(response);
		if (chunkModel != null) {
			this.model = chunkModel;
		}
		String reason = ResponseReading.finishReason(response);
		if (reason != null) {
			this.finishReason = reason;
		}
		if (this.previewChars > 0) {
			appendPreview(ResponseReading.text(response));
		}
	}

	private void appendPreview(String text) {
		if (text == null || text.isEmpty()) {
			return;
		}
		if (this.preview == null) {
			this.preview = new StringBuilder(Math.min(this.previewChars, 256));
		}
		int room = this.previewChars - this.preview.length();
		if (room > 0) {
			this.preview.append(ResponseReading.preview(text, room));
		}
	}

	/** The first characters of the streamed text, or null when none were asked for or none came. */
	String preview() {
		return this.preview == null ? null : this.preview.toString();
	}

	/** True exactly once: the first of complete, error and cancel records the stream. */
	boolean finish() {
		return this.finished.compareAndSet(false, true);
	}

	long firstChunkNanos() {
		return this.firstChunkNanos;
	}

	String model() {
		return this.model;
	}

	String finishReason() {
		return this.finishReason;
	}

	/** The stream's usage, or null when no chunk reported any. */
	Usage usage() {
		Usage usage = this.lastUsage;
		if (usage != null && this.maxPromptTokens > 0
				&& (usage.getPromptTokens() == null || usage.getPromptTokens() == 0)) {
			return new DefaultUsage(this.maxPromptTokens, usage.getCompletionTokens(), null, usage.getNativeUsage(),
					usage.getCacheReadInputTokens(), usage.getCacheWriteInputTokens());
		}
		return usage;
	}

	private static boolean hasGeneration(ChatResponse response) {
		Generation generation = response.getResult();
		return generation != null;
	}

}
