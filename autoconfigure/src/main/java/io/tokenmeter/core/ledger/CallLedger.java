package io.tokenmeter.core.ledger;

import java.util.List;

import io.tokenmeter.core.call.LlmCall;
import io.tokenmeter.core.call.LlmCallListener;
import io.tokenmeter.core.call.MeteringFailures;
import io.tokenmeter.core.call.MeteringStage;

/**
 * The ledger stage of the {@code LlmCallRecorder}: turns each recorded call into an {@link LlmCallRecord}, hands
 * the {@link LlmCallRecordedEvent} to every sink, then publishes it to the application. A failing sink is counted
 * under {@code ledger}, a failing application listener under {@code events}; neither stops the others.
 */
public final class CallLedger implements LlmCallListener {

	private final LedgerSink[] sinks;

	private final LlmCallRecordPublisher publisher;

	private final MeteringFailures failures;

	public CallLedger(List<? extends LedgerSink> sinks, LlmCallRecordPublisher publisher, MeteringFailures failures) {
		this.sinks = sinks.toArray(new LedgerSink[0]);
		this.publisher = publisher;
		this.failures = failures;
	}

	@Override
	public void onCall(LlmCall call) {
		LlmCallRecordedEvent event = new LlmCallRecordedEvent(LlmCallRecord.of(call));
		for (LedgerSink sink : this.sinks) {
			try {
				sink.accept(event);
			}
			catch (RuntimeException ex) {
				this.failures.failed(MeteringStage.LEDGER, ex);
			}
		}
		try {
			this.publisher.publish(event);
		}
		catch (RuntimeException ex) {
			this.failures.failed(MeteringStage.EVENTS, ex);
		}
	}

}
