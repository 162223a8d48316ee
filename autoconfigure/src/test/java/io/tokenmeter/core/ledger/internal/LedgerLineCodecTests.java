package io.tokenmeter.core.ledger.internal;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

import io.tokenmeter.core.call.CallOutcome;
import io.tokenmeter.core.ledger.LlmCallRecord;
import io.tokenmeter.core.ledger.Records;
import io.tokenmeter.core.usage.TokenUsage;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class LedgerLineCodecTests {

	private final LedgerLineCodec codec = new LedgerLineCodec();

	@Test
	void aRecordIsOneLineAndReadsBackEqualScaleIncluded() {
		LlmCallRecord record = new LlmCallRecord(Instant.parse("2026-11-23T10:15:30.123456789Z"), 812_345_678L,
				95_100_000L, true, "openai", "gpt-4o", "gpt-4o-2024-08-06", "support", "alice \"the\" user", "c-42",
				CallOutcome.TRUNCATED, null, TokenUsage.of(600, 400, 10, 20, 100, 40),
				new BigDecimal("0.00000012500"), "batch", "LENGTH", "Héllo\nwörld");

		byte[] line = this.codec.encode(record);
		String text = new String(line, StandardCharsets.UTF_8);

		assertThat(text).endsWith("}\n").doesNotContain("E-");
		assertThat(text.indexOf('\n')).isEqualTo(text.length() - 1);
		assertThat(text).contains("\"durationMs\":812.345678", "\"cost\":0.00000012500");
		assertThat(this.codec.decode(text.strip())).isEqualTo(record);
	}

	@Test
	void nullFieldsAreLeftOutAndReadBackAsNull() {
		LlmCallRecord record = new LlmCallRecord(Instant.parse("2026-11-23T10:15:30Z"), 5, -1, false, "openai", null,
				"unknown", "a", "u", null, CallOutcome.ERROR, "IOException", TokenUsage.MISSING, null, null, null, null);

		String text = new String(this.codec.encode(record), StandardCharsets.UTF_8);

		assertThat(text).doesNotContain("cost", "session", "ttftMs", "preview");
		assertThat(this.codec.decode(text.strip())).isEqualTo(record);
	}

	@Test
	void aTornLineIsRejected() {
		String whole = new String(this.codec.encode(Records.call(Instant.EPOCH, "alice")), StandardCharsets.UTF_8);
		String torn = whole.substring(0, whole.length() / 2);

		assertThatIllegalArgumentException().isThrownBy(() -> this.codec.decode(torn));
	}

}
