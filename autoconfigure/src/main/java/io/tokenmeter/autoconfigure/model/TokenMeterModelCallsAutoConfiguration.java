package io.tokenmeter.autoconfigure.model;

import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import io.tokenmeter.autoconfigure.TokenMeterAutoConfiguration;
import io.tokenmeter.autoconfigure.TokenMeterProperties;
import io.tokenmeter.core.attribution.internal.AttributionResolver;
import io.tokenmeter.core.lifecycle.CallLifecycle;
import io.tokenmeter.model.internal.ChatModelMeteringHandler;
import io.tokenmeter.model.internal.EmbeddingModelMeteringHandler;
import org.springframework.ai.chat.observation.ChatModelObservationContext;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The model-level path: every call on the context's {@code ChatModel} and {@code EmbeddingModel} beans is
 * metered from Spring AI's model observations, whether it comes through a hand-built {@code ChatClient} or
 * straight from the model; calls under the {@code TokenMeterAdvisor} are left to it. The handlers are
 * registered with the application's {@link ObservationRegistry}; an application without one gets a registry
 * with tokenmeter's handlers only, because Spring AI's models observe nothing without a registry.
 *
 * @since 0.2.0
 */
@AutoConfiguration(after = TokenMeterAutoConfiguration.class,
		afterName = "org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration")
@ConditionalOnClass({ ObservationHandler.class, ChatModelObservationContext.class })
@ConditionalOnBooleanProperty(name = "tokenmeter.enabled", matchIfMissing = true)
@ConditionalOnBooleanProperty(name = "tokenmeter.model-calls.enabled", matchIfMissing = true)
@ConditionalOnBean(CallLifecycle.class)
public final class TokenMeterModelCallsAutoConfiguration {

	// The handlers are built with the observation registry, which the chat models need early: they take the
	// lifecycle (and through it metrics, budgets and the ledger) lazily, on their first call.
	@Bean
	@ConditionalOnMissingBean
	ChatModelMeteringHandler tokenMeterChatModelMeteringHandler(ObjectProvider<CallLifecycle> lifecycle,
			ObjectProvider<AttributionResolver> attribution, TokenMeterProperties properties) {
		return new ChatModelMeteringHandler(lifecycle::getObject, attribution::getObject,
				properties.getLedger().previewCharsKept());
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = "org.springframework.ai.embedding.observation.EmbeddingModelObservationContext")
	static class EmbeddingConfiguration {

		@Bean
		@ConditionalOnMissingBean
		EmbeddingModelMeteringHandler tokenMeterEmbeddingModelMeteringHandler(ObjectProvider<CallLifecycle> lifecycle,
				ObjectProvider<AttributionResolver> attribution) {
			return new EmbeddingModelMeteringHandler(lifecycle::getObject, attribution::getObject);
		}

	}

	@Bean
	@ConditionalOnMissingBean(ObservationRegistry.class)
	ObservationRegistry tokenMeterObservationRegistry(ObjectProvider<ObservationHandler<?>> handlers) {
		ObservationRegistry registry = ObservationRegistry.create();
		handlers.orderedStream().forEach(handler -> registry.observationConfig().observationHandler(handler));
		return registry;
	}

}
