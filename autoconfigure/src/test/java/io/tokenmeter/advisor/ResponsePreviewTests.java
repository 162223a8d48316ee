package io.tokenmeter.advisor;

import java.util.List;
import java.util.Map;

import io.tokenmeter.core.call.internal.ChatResponses;
import org.junit.jupiter.api.Test;
import org.springframework.ai.chat.client.ChatClientResponse;
import org.springframework.ai.chat.messages.AssistantMessage;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.model.Generation;

import static org.assertj.core.api.Assertions.assertThat;

class ResponsePreviewTests {

	@Test
	void aPreviewIsTheFirstCharactersAndNeverSplitsASurrogatePair() {
		assertThat(ChatResponses.preview("Hello world", 5)).isEqualTo("Hello");
		assertThat(ChatResponses.preview("Hi", 5)).isEqualTo("Hi");
		assertThat(ChatResponses.preview(null, 5)).isNull();
		assertThat(ChatResponses.preview("ab\uD83D\uDE00cd", 3)).isEqualTo("ab"); // 😀 is two chars
	}

	@Test
	void aStreamPreviewJoinsChunksUpToTheLimit() {
		StreamTally tally = new StreamTally(8);
		for (String text : List.of("Hello", " wor", "ld, and more")) {
			tally.onChunk(chunk(text));
		}

		assertThat(tally.preview()).isEqualTo("Hello wo");
	}

	@Test
	void noPreviewIsKeptWhenNoneIsAskedFor() {
		StreamTally tally = new StreamTally(0);
		tally.onChunk(chunk("Hello"));

		assertThat(tally.preview()).isNull();
	}

	private static ChatClientResponse chunk(String text) {
		ChatResponse response = new ChatResponse(List.of(new Generation(new AssistantMessage(text))));
		return new ChatClientResponse(response, Map.of());
	}

}
