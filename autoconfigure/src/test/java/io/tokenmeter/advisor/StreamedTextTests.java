package io.tokenmeter.advisor;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class StreamedTextTests {

	@Test
	void theChunksReadBackAsOneTextInTheirOrder() {
		StreamedText text = new StreamedText();
		for (int i = 0; i < 1_000; i++) { // more chunks than the first array holds
			text.add(i % 10 + ",");
		}

		assertThat(text.length()).isEqualTo(2_000);
		assertThat(text.toString()).startsWith("0,1,2,").endsWith(",8,9,").hasSize(2_000);
		assertThat(text.charAt(2)).isEqualTo('1');
		assertThat(text.subSequence(2, 6)).hasToString("1,2,");
	}

	@Test
	void aChunkAddedAfterReadingIsPartOfTheNextRead() {
		StreamedText text = new StreamedText();
		text.add("Hello");
		assertThat(text).hasToString("Hello");

		text.add(", world");

		assertThat(text).hasToString("Hello, world");
	}

	@Test
	void atMostTheLimitIsKeptAndTheChunkThatCrossesItIsCut() {
		StreamedText text = new StreamedText();
		String chunk = "x".repeat(1_000);
		for (int i = 0; i <= StreamedText.MAX_CHARS / 1_000; i++) {
			text.add(chunk);
		}
		text.add("never kept");

		assertThat(text.length()).isEqualTo(StreamedText.MAX_CHARS);
		assertThat(text.toString()).hasSize(StreamedText.MAX_CHARS).doesNotContain("never");
	}

}
