package io.tokenmeter.autoconfigure.tracing;

import io.micrometer.observation.ObservationHandler;
import io.micrometer.tracing.Tracer;
import io.tokenmeter.autoconfigure.TokenMeterAutoConfiguration;
import io.tokenmeter.autoconfigure.TokenMeterProperties;
import io.tokenmeter.autoconfigure.model.TokenMeterModelCallsAutoConfiguration;
import io.tokenmeter.core.lifecycle.CallLifecycle;
import io.tokenmeter.core.tracing.internal.GenAiSpanAttributes;
import io.tokenmeter.tracing.internal.ChatSpanCallLink;
import io.tokenmeter.tracing.internal.ChatSpanCostFilter;
import org.springframework.ai.chat.observation.ChatModelObservationContext;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * tokenmeter's view of each call on the span of Spring AI's chat-model observation: a filter that adds it when
 * the observation stops, and a handler that links the observation to the advisor's call when it starts. Both
 * are registered with the application's {@code ObservationRegistry} by Spring Boot. Only when the application
 * traces (Micrometer Tracing on the classpath and a {@code Tracer} bean, which Spring Boot's tracing support
 * provides): otherwise no bean here exists and no call does any work for spans.
 *
 * @since 0.2.0
 */
@AutoConfiguration(after = { TokenMeterAutoConfiguration.class, TokenMeterModelCallsAutoConfiguration.class },
		afterName = { "org.springframework.boot.micrometer.tracing.autoconfigure.MicrometerTracingAutoConfiguration",
				"org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.OpenTelemetryTracingAutoConfiguration",
				"org.springframework.boot.micrometer.tracing.autoconfigure.NoopTracerAutoConfiguration" })
@ConditionalOnClass({ Tracer.class, ObservationHandler.class, ChatModelObservationContext.class })
@ConditionalOnBooleanProperty(name = "tokenmeter.enabled", matchIfMissing = true)
@ConditionalOnBooleanProperty(name = "tokenmeter.tracing.enabled", matchIfMissing = true)
@ConditionalOnBooleanProperty(name = "management.tracing.enabled", matchIfMissing = true)
@ConditionalOnBean({ CallLifecycle.class, Tracer.class })
public final class TokenMeterTracingAutoConfiguration {

	// The lifecycle and the tracer are taken lazily, on the first call: the observation registry that holds
	// these beans is needed early, by the chat models.
	@Bean
	@ConditionalOnMissingBean
	ChatSpanCostFilter tokenMeterChatSpanCostFilter(ObjectProvider<CallLifecycle> lifecycle,
			ObjectProvider<Tracer> tracer, TokenMeterProperties properties) {
		TokenMeterProperties.Tracing tracing = properties.getTracing();
		return new ChatSpanCostFilter(lifecycle::getObject, tracer::getIfAvailable,
				new GenAiSpanAttributes(tracing.isUser(), tracing.isProposedCostAttributes()),
				properties.getLedger().previewCharsKept());
	}

	@Bean
	@ConditionalOnMissingBean
	ChatSpanCallLink tokenMeterChatSpanCallLink(ObjectProvider<CallLifecycle> lifecycle) {
		return new ChatSpanCallLink(lifecycle::getObject);
	}

}
