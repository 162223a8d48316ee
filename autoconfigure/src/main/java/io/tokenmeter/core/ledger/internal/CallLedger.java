package io.tokenmeter.core.ledger.internal;

import java.util.ArrayList;
import java.util.List;

import io.tokenmeter.core.call.LlmCall;
import io.tokenmeter.core.call.LlmCallListener;
import io.tokenmeter.core.call.internal.MeteringFailures;
import io.tokenmeter.core.call.internal.MeteringStage;
import io.tokenmeter.core.ledger.CallSink;
import io.tokenmeter.core.ledger.LedgerSink;
import io.tokenmeter.core.ledger.LlmCallRecord;
import io.tokenmeter.core.ledger.LlmCallRecordedEvent;

/**
 * The ledger stage of the {@code LlmCallRecorder}: hands each recorded call to every sink and publishes it to the
 * application as an {@link LlmCallRecordedEvent}. {@link CallSink}s take the call itself; the {@link LlmCallRecord}
 * and its event are built only when another sink (the JSONL ledger) or an application listener wants them, so the
 * default setup (spend report only, no listener) builds neither. A failing sink is counted under {@code ledger}, a
 * failing application listener under {@code events}; neither stops the others.
 */
public final class CallLedger implements LlmCallListener {

	private final CallSink[] callSinks;

	private final LedgerSink[] sinks;

	private final LlmCallRecordPublisher publisher;

	private final MeteringFailures failures;

	/** Whether the publisher had a listener when last asked, and in which second of the calls' clock. */
	private volatile boolean listened = true;

	private volatile long listenedAsOf = Long.MIN_VALUE;

	public CallLedger(List<? extends LedgerSink> sinks, LlmCallRecordPublisher publisher, MeteringFailures failures) {
		List<CallSink> callSinks = new ArrayList<>();
		List<LedgerSink> recordSinks = new ArrayList<>();
		for (LedgerSink sink : sinks) {
			if (sink instanceof CallSink callSink) {
				callSinks.add(callSink);
			}
			else {
				recordSinks.add(sink);
			}
		}
		this.callSinks = callSinks.toArray(new CallSink[0]);
		this.sinks = recordSinks.toArray(new LedgerSink[0]);
		this.publisher = publisher;
		this.failures = failures;
	}

	@Override
	public void onCall(LlmCall call) {
		for (CallSink sink : this.callSinks) {
			try {
				sink.accept(call);
			}
			catch (RuntimeException ex) {
				this.failures.failed(MeteringStage.LEDGER, ex);
			}
		}
		boolean listened = listened(call);
		if (this.sinks.length == 0 && !listened) {
			return;
		}
		LlmCallRecordedEvent event = new LlmCallRecordedEvent(LlmCallRecord.of(call));
		for (LedgerSink sink : this.sinks) {
			try {
				sink.accept(event);
			}
			catch (RuntimeException ex) {
				this.failures.failed(MeteringStage.LEDGER, ex);
			}
		}
		if (listened) {
			try {
				this.publisher.publish(event);
			}
			catch (RuntimeException ex) {
				this.failures.failed(MeteringStage.EVENTS, ex);
			}
		}
	}

	/**
	 * Asks the publisher at most once per second of the calls' own timestamps (no clock read of its own): a
	 * listener added at run time hears every call that starts from the next second on.
	 */
	private boolean listened(LlmCall call) {
		long second = call.timestamp().getEpochSecond();
		if (second == this.listenedAsOf) {
			return this.listened;
		}
		boolean listened;
		try {
			listened = this.publisher.listened();
		}
		catch (RuntimeException ex) {
			this.failures.failed(MeteringStage.EVENTS, ex);
			listened = true;
		}
		this.listened = listened;
		this.listenedAsOf = second;
		return listened;
	}

}
