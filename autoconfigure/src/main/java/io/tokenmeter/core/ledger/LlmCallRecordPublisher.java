package io.tokenmeter.core.ledger;

/** Hands {@link LlmCallRecordedEvent}s to the application (Spring's ApplicationEventPublisher in the starter). */
@FunctionalInterface
public interface LlmCallRecordPublisher {

	LlmCallRecordPublisher NONE = event -> {
	};

	void publish(LlmCallRecordedEvent event);

}
