package io.tokenmeter.core.ledger;

import io.tokenmeter.core.call.LlmCall;
import io.tokenmeter.core.ledger.internal.CallLedger;

/**
 * A {@link LedgerSink} that needs nothing beyond what the recorded {@link LlmCall} holds (the in-memory spend
 * report): the {@link CallLedger} hands it the call itself, so no {@link LlmCallRecord} and no event is built
 * per call for it. Called on the thread that made the model call: must not block or do I/O.
 *
 * @since 0.2.0
 */
public interface CallSink extends LedgerSink {

	void accept(LlmCall call);

}
