package io.tokenmeter.autoconfigure.ledger;

import io.tokenmeter.core.ledger.LlmCallRecordPublisher;
import io.tokenmeter.core.ledger.LlmCallRecordedEvent;
import org.springframework.context.ApplicationContext;
import org.springframework.context.PayloadApplicationEvent;
import org.springframework.context.event.ApplicationEventMulticaster;
import org.springframework.core.ResolvableType;

/**
 * Publishes every {@link LlmCallRecordedEvent} to the application's {@code @EventListener}s like
 * {@code ApplicationEventPublisher.publishEvent} does, with the event's type resolved once instead of on every
 * call (the context resolves a payload event's generic type per publish, a few hundred nanoseconds and bytes on
 * every metered call). Used only for a context without a parent; with one, the context's own publishing is kept so
 * parent listeners still hear the event.
 */
final class RecordedEventMulticaster implements LlmCallRecordPublisher {

	private static final ResolvableType PAYLOAD_TYPE = ResolvableType.forClass(LlmCallRecordedEvent.class);

	private static final ResolvableType EVENT_TYPE = ResolvableType.forClassWithGenerics(PayloadApplicationEvent.class,
			PAYLOAD_TYPE);

	private final ApplicationContext source;

	private final ApplicationEventMulticaster multicaster;

	RecordedEventMulticaster(ApplicationContext source, ApplicationEventMulticaster multicaster) {
		this.source = source;
		this.multicaster = multicaster;
	}

	@Override
	public void publish(LlmCallRecordedEvent event) {
		this.multicaster.multicastEvent(new PayloadApplicationEvent<>(this.source, event, PAYLOAD_TYPE), EVENT_TYPE);
	}

}
