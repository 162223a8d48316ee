package io.tokenmeter.core.ledger.internal;

import io.tokenmeter.core.ledger.LlmCallRecordedEvent;

/** Hands {@link LlmCallRecordedEvent}s to the application (Spring's ApplicationEventPublisher in the starter). */
@FunctionalInterface
public interface LlmCallRecordPublisher {

	LlmCallRecordPublisher NONE = new LlmCallRecordPublisher() {

		@Override
		public void publish(LlmCallRecordedEvent event) {
		}

		@Override
		public boolean listened() {
			return false;
		}

	};

	void publish(LlmCallRecordedEvent event);

	/**
	 * Whether anyone may be listening: when not, the call's record and event are not even built. Asked at most
	 * once per second of calls; answering true is always correct.
	 */
	default boolean listened() {
		return true;
	}

}
