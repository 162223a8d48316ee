package io.tokenmeter.autoconfigure.ledger;

import java.lang.reflect.Method;
import java.util.Collection;

import io.tokenmeter.core.ledger.LlmCallRecordedEvent;
import io.tokenmeter.core.ledger.internal.LlmCallRecordPublisher;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ApplicationEvent;
import org.springframework.context.PayloadApplicationEvent;
import org.springframework.context.event.AbstractApplicationEventMulticaster;
import org.springframework.context.event.ApplicationEventMulticaster;
import org.springframework.core.ResolvableType;

/**
 * Publishes every {@link LlmCallRecordedEvent} to the application's {@code @EventListener}s like
 * {@code ApplicationEventPublisher.publishEvent} does, with the event's type resolved once instead of on every
 * call (the context resolves a payload event's generic type per publish, a few hundred nanoseconds and bytes on
 * every metered call). Used only for a context without a parent; with one, the context's own publishing is kept so
 * parent listeners still hear the event.
 * <p>
 * Most applications have no listener for the event, and publishing it to nobody still costs the event, its record
 * and Spring's listener lookup on every call. So {@link #listened()} asks Spring's multicaster which listeners it
 * would deliver the event to (its own cached answer, the one {@code multicastEvent} uses); the {@code CallLedger}
 * asks once per second of calls, so a listener added at run time with {@code addApplicationListener} hears the calls
 * from the next second on. A multicaster that does not let itself be asked is always published to.
 */
final class RecordedEventMulticaster implements LlmCallRecordPublisher {

	private static final ResolvableType PAYLOAD_TYPE = ResolvableType.forClass(LlmCallRecordedEvent.class);

	private static final ResolvableType EVENT_TYPE = ResolvableType.forClassWithGenerics(PayloadApplicationEvent.class,
			PAYLOAD_TYPE);

	private final ApplicationContext source;

	private final ApplicationEventMulticaster multicaster;

	/** AbstractApplicationEventMulticaster#getApplicationListeners(event, type), or null when it cannot be asked. */
	private final Method listenersOf;

	private final PayloadApplicationEvent<LlmCallRecordedEvent> probe;

	RecordedEventMulticaster(ApplicationContext source, ApplicationEventMulticaster multicaster) {
		this.source = source;
		this.multicaster = multicaster;
		this.listenersOf = listenersOf(multicaster);
		this.probe = new PayloadApplicationEvent<>(source, new LlmCallRecordedEvent(null), PAYLOAD_TYPE);
	}

	@Override
	public void publish(LlmCallRecordedEvent event) {
		this.multicaster.multicastEvent(new PayloadApplicationEvent<>(this.source, event, PAYLOAD_TYPE), EVENT_TYPE);
	}

	@Override
	public boolean listened() {
		if (this.listenersOf == null) {
			return true;
		}
		try {
			return !((Collection<?>) this.listenersOf.invoke(this.multicaster, this.probe, EVENT_TYPE)).isEmpty();
		}
		catch (ReflectiveOperationException | RuntimeException ex) {
			return true;
		}
	}

	private static Method listenersOf(ApplicationEventMulticaster multicaster) {
		if (!(multicaster instanceof AbstractApplicationEventMulticaster)) {
			return null;
		}
		try {
			Method method = AbstractApplicationEventMulticaster.class.getDeclaredMethod("getApplicationListeners",
					ApplicationEvent.class, ResolvableType.class);
			method.setAccessible(true);
			return method;
		}
		catch (ReflectiveOperationException | RuntimeException ex) {
			return null;
		}
	}

}
