package io.tokenmeter.core.ledger.internal;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.tokenmeter.core.call.LlmCall;
import io.tokenmeter.core.call.internal.MeteringFailures;
import io.tokenmeter.core.ledger.LedgerSink;
import io.tokenmeter.core.ledger.LlmCallRecordedEvent;
import io.tokenmeter.core.ledger.SpendAggregator;
import io.tokenmeter.core.usage.TokenUsage;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CallLedgerTests {

	private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");

	// 1,000 in × $2.50/M + 200 out × $10/M
	private final LlmCall call = LlmCall.builder()
		.timestamp(T0)
		.model("gpt-4o")
		.usage(TokenUsage.of(1000, 0, 0, 0, 200, 0))
		.cost(new BigDecimal("0.0045"))
		.build();

	private final SpendAggregator aggregator = new SpendAggregator(T0, 10, 10);

	@Test
	void withoutAnotherSinkOrAListenerNoRecordIsBuiltOrPublished() {
		Publisher publisher = new Publisher(false);
		new CallLedger(List.of(this.aggregator), publisher, new MeteringFailures(java.time.Duration.ofMinutes(1))).onCall(this.call);

		assertThat(publisher.published).isEmpty();
		assertThat(publisher.asked).isEqualTo(1);
		assertThat(this.aggregator.summary().totals().cost()).isEqualTo(new BigDecimal("0.0045"));
	}

	@Test
	void aListenerGetsTheEventAndARecordSinkTheRecordEvenWhenNobodyListens() {
		Publisher listening = new Publisher(true);
		new CallLedger(List.of(this.aggregator), listening, new MeteringFailures(java.time.Duration.ofMinutes(1))).onCall(this.call);
		List<LlmCallRecordedEvent> sunk = new ArrayList<>();
		Publisher deaf = new Publisher(false);
		LedgerSink recordSink = sunk::add;
		new CallLedger(List.of(this.aggregator, recordSink), deaf, new MeteringFailures(java.time.Duration.ofMinutes(1))).onCall(this.call);

		assertThat(listening.published).singleElement().satisfies(event -> {
			assertThat(event.record().model()).isEqualTo("gpt-4o");
			assertThat(event.record().cost()).isEqualTo(new BigDecimal("0.0045"));
		});
		assertThat(sunk).singleElement().satisfies(event -> assertThat(event.record().timestamp()).isEqualTo(T0));
		assertThat(deaf.published).isEmpty();
		assertThat(this.aggregator.summary().totals().calls()).isEqualTo(2);
	}

	private static final class Publisher implements LlmCallRecordPublisher {

		private final boolean listened;

		final List<LlmCallRecordedEvent> published = new ArrayList<>();

		int asked;

		Publisher(boolean listened) {
			this.listened = listened;
		}

		@Override
		public void publish(LlmCallRecordedEvent event) {
			this.published.add(event);
		}

		@Override
		public boolean listened() {
			this.asked++;
			return this.listened;
		}

	}

}
