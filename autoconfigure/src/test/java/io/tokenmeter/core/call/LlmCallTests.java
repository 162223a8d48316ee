package io.tokenmeter.core.call;

import java.time.Duration;

import io.tokenmeter.core.ledger.LlmCallRecord;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LlmCallTests {

	@Test
	void aStreamThatDeliveredAChunkHasATimeToFirstToken() {
		LlmCall call = LlmCall.builder().stream(true).timeToFirstTokenNanos(250_000_000L).build();

		assertThat(call.timeToFirstToken()).contains(Duration.ofMillis(250));
		assertThat(LlmCallRecord.of(call).timeToFirstToken()).contains(Duration.ofMillis(250));
	}

	@Test
	void aPlainCallHasNone() {
		LlmCall call = LlmCall.builder().build();

		assertThat(call.timeToFirstToken()).isEmpty();
		assertThat(LlmCallRecord.of(call).timeToFirstToken()).isEmpty();
	}

}
