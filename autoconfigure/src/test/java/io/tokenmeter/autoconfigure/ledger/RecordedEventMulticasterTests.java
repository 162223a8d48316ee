package io.tokenmeter.autoconfigure.ledger;

import java.util.ArrayList;
import java.util.List;

import io.tokenmeter.core.ledger.LlmCallRecordedEvent;
import org.junit.jupiter.api.Test;
import org.springframework.context.ApplicationListener;
import org.springframework.context.PayloadApplicationEvent;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.event.ApplicationEventMulticaster;
import org.springframework.context.event.EventListener;
import org.springframework.context.support.AbstractApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

class RecordedEventMulticasterTests {

	@Test
	void notListenedWithoutAListenerForTheEvent() {
		try (AnnotationConfigApplicationContext context = new AnnotationConfigApplicationContext(OtherListener.class)) {
			assertThat(publisher(context).listened()).isFalse();
		}
	}

	@Test
	void listenedByAnEventListenerMethodAndEveryEventIsDelivered() {
		try (AnnotationConfigApplicationContext context = new AnnotationConfigApplicationContext(Collector.class)) {
			RecordedEventMulticaster publisher = publisher(context);
			assertThat(publisher.listened()).isTrue();
			publisher.publish(new LlmCallRecordedEvent(null));
			assertThat(context.getBean(Collector.class).events).hasSize(1);
		}
	}

	@Test
	void listenedByAListenerOfEveryEvent() {
		try (AnnotationConfigApplicationContext context = new AnnotationConfigApplicationContext(
				EverythingListener.class)) {
			assertThat(publisher(context).listened()).isTrue();
		}
	}

	private static RecordedEventMulticaster publisher(AbstractApplicationContext context) {
		return new RecordedEventMulticaster(context, context.getBean(
				AbstractApplicationContext.APPLICATION_EVENT_MULTICASTER_BEAN_NAME, ApplicationEventMulticaster.class));
	}

	static class Collector {

		final List<LlmCallRecordedEvent> events = new ArrayList<>();

		@EventListener
		void on(LlmCallRecordedEvent event) {
			this.events.add(event);
		}

	}

	static class OtherListener implements ApplicationListener<PayloadApplicationEvent<String>> {

		@Override
		public void onApplicationEvent(PayloadApplicationEvent<String> event) {
		}

	}

	static class EverythingListener implements ApplicationListener<org.springframework.context.ApplicationEvent> {

		@Override
		public void onApplicationEvent(org.springframework.context.ApplicationEvent event) {
		}

	}

}
