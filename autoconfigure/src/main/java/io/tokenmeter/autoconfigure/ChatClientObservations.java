package io.tokenmeter.autoconfigure;

import io.micrometer.observation.ObservationRegistry;
import org.jspecify.annotations.Nullable;
import org.springframework.ai.chat.client.ChatClientRequest;
import org.springframework.ai.chat.client.observation.ChatClientObservationContext;
import org.springframework.ai.chat.client.observation.ChatClientObservationDocumentation;
import org.springframework.ai.chat.client.observation.DefaultChatClientObservationConvention;
import org.springframework.ai.chat.prompt.Prompt;

/**
 * Whether the {@code ChatClient}s Spring AI auto-configures run their {@code spring.ai.chat.client} observation, on
 * which {@link io.tokenmeter.advisor.internal.CallCostObservationHandler} puts each call's cost. Spring AI builds
 * them with the application's unique {@code ObservationRegistry} (else none); whether that registry observes a
 * {@code ChatClient} call is the registry's own decision (its predicates: Boot's
 * {@code management.observations.enable.<prefix>} and any of the application's), asked here the way Spring AI asks
 * it, with a {@code ChatClient} observation that is never started.
 */
final class ChatClientObservations {

	private ChatClientObservations() {
	}

	static boolean run(@Nullable ObservationRegistry registry) {
		if (registry == null || registry.isNoop()) {
			return false;
		}
		ChatClientObservationContext probe = ChatClientObservationContext.builder()
			.request(ChatClientRequest.builder().prompt(new Prompt("tokenmeter: is the ChatClient observed?")).build())
			.build();
		return !ChatClientObservationDocumentation.AI_CHAT_CLIENT
			.observation(null, new DefaultChatClientObservationConvention(), () -> probe, registry)
			.isNoop();
	}

}
