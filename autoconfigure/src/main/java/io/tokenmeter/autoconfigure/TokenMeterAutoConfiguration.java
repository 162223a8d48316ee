package io.tokenmeter.autoconfigure;

import java.time.Clock;

import io.micrometer.observation.ObservationRegistry;
import io.tokenmeter.advisor.CallCostAdvisor;
import io.tokenmeter.advisor.CallCostEstimate;
import io.tokenmeter.advisor.internal.CallCostObservationHandler;
import io.tokenmeter.advisor.TokenMeterAdvisor;
import io.tokenmeter.advisor.internal.ChatModelDefaults;
import io.tokenmeter.advisor.internal.OpenAiStreamUsageRequest;
import io.tokenmeter.advisor.internal.StreamUsageRequest;
import io.tokenmeter.advisor.internal.UnobservedAdvisor;
import io.tokenmeter.autoconfigure.budget.TokenMeterBudgetAutoConfiguration;
import io.tokenmeter.autoconfigure.ledger.TokenMeterLedgerAutoConfiguration;
import io.tokenmeter.autoconfigure.metrics.TokenMeterMetricsAutoConfiguration;
import io.tokenmeter.autoconfigure.pricing.TokenMeterPricingAutoConfiguration;
import io.tokenmeter.core.attribution.LlmCallAttributor;
import io.tokenmeter.core.attribution.internal.AttributionResolver;
import io.tokenmeter.core.budget.internal.BudgetTracker;
import io.tokenmeter.core.call.LlmCallListener;
import io.tokenmeter.core.call.internal.MeteringFailures;
import io.tokenmeter.core.call.internal.MeteringStage;
import io.tokenmeter.core.lifecycle.CallLifecycle;
import io.tokenmeter.core.lifecycle.LlmCallRecorder;
import io.tokenmeter.core.pricing.PromptTokenCounter;
import io.tokenmeter.core.pricing.internal.CallPricer;
import io.tokenmeter.core.pricing.internal.TokenizerUsageEstimator;
import io.tokenmeter.core.usage.internal.ProviderDetector;
import io.tokenmeter.core.usage.internal.UsageNormalizers;
import org.springframework.ai.chat.client.ChatClient;
import org.springframework.ai.chat.client.ChatClientBuilderCustomizer;
import org.springframework.ai.chat.client.advisor.api.CallAdvisor;
import org.springframework.ai.chat.model.ChatModel;
import org.springframework.ai.chat.prompt.ChatOptions;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * The metering core: the advisor registered on every auto-configured {@code ChatClient.Builder}, and the recorder
 * it hands each call to. tokenmeter's own stages (metrics, ledger) come from their auto-configurations; every
 * {@link LlmCallListener} bean of the application is called after them, its failures counted as {@code events}.
 *
 * @since 0.1.0
 */
@AutoConfiguration
// ChatClientBuilderCustomizer by name: Spring AI 1.x has ChatClient but not this 2.0 class (PlatformCheckInitializer)
@ConditionalOnClass(value = { ChatClient.class, CallAdvisor.class },
		name = "org.springframework.ai.chat.client.ChatClientBuilderCustomizer")
@ConditionalOnBooleanProperty(name = "tokenmeter.enabled", matchIfMissing = true)
@EnableConfigurationProperties(TokenMeterProperties.class)
public final class TokenMeterAutoConfiguration {

	@Bean
	static UnknownPropertyCheck tokenMeterUnknownPropertyCheck(Environment environment) {
		return new UnknownPropertyCheck(environment);
	}

	@Bean
	SmartInitializingSingleton tokenMeterNegativeValueCheck(TokenMeterProperties properties) {
		return () -> NegativeValueCheck.check(properties);
	}

	@Bean
	@ConditionalOnMissingBean
	UsageNormalizers tokenMeterUsageNormalizers() {
		return UsageNormalizers.forClasspath(TokenMeterAutoConfiguration.class.getClassLoader());
	}

	@Bean
	@ConditionalOnMissingBean
	AttributionResolver tokenMeterAttributionResolver(ObjectProvider<LlmCallAttributor> attributor,
			TokenMeterProperties properties, MeteringFailures failures) {
		return new AttributionResolver(attributor.getIfUnique(), properties.getAttribution().getDefaultAgent(),
				properties.getAttribution().getDefaultUser(), ex -> failures.failed(MeteringStage.ADVISOR, ex));
	}

	@Bean
	@ConditionalOnMissingBean
	LlmCallRecorder tokenMeterCallRecorder(CallPricer pricer, ObjectProvider<BudgetTracker> budgets,
			ObjectProvider<LlmCallRecorder.StagedListener> stages, ObjectProvider<LlmCallListener> listeners,
			MeteringFailures failures) {
		return new LlmCallRecorder(pricer, budgets.getIfAvailable(BudgetTracker::none),
				CallListeners.of(stages.orderedStream().toList(), listeners.orderedStream().toList()), failures);
	}

	@Bean
	@ConditionalOnMissingBean
	CallLifecycle tokenMeterCallLifecycle(LlmCallRecorder recorder, UsageNormalizers normalizers,
			ObjectProvider<PromptTokenCounter> tokenCounter) {
		PromptTokenCounter counter = tokenCounter.getIfAvailable();
		return new CallLifecycle(recorder, normalizers, counter != null ? new TokenizerUsageEstimator(counter) : null,
				Clock.systemUTC());
	}

	@Bean
	@ConditionalOnMissingBean
	TokenMeterAdvisor tokenMeterAdvisor(CallLifecycle lifecycle, AttributionResolver attribution,
			ObjectProvider<StreamUsageRequest> streamUsageRequest, ObjectProvider<ChatModel> chatModels,
			ObjectProvider<CallCostEstimate> costEstimate, TokenMeterProperties properties) {
		return new TokenMeterAdvisor(lifecycle, attribution,
				streamUsageRequest.getIfAvailable(() -> StreamUsageRequest.NONE),
				chatModelDefaults(chatModels.getIfUnique(), properties.getAdvisor().getDefaultProvider()),
				properties.getAdvisor().getOrder(), costEstimate.getIfAvailable(),
				PreviewCharsCheck.previewChars(properties.getLedger()));
	}

	/** The single chat model's provider and default model, for calls whose request names neither. */
	private static ChatModelDefaults chatModelDefaults(ChatModel chatModel, String configuredProvider) {
		String provider = configuredProvider != null && !configuredProvider.isBlank() ? configuredProvider
				: ProviderDetector.providerOf(chatModel);
		String model = null;
		if (chatModel != null) {
			ChatOptions options = chatModel.getDefaultOptions();
			model = options != null ? options.getModel() : null;
		}
		return new ChatModelDefaults(provider, model);
	}

	/**
	 * The metering advisor on every auto-configured {@code ChatClient}; the call-site cost rides on the ChatClient's
	 * own observation when it runs ({@link CallCostObservationHandler}), else a second advisor carries it. Decided
	 * when each builder is made, when the observation registry is complete.
	 */
	@Bean
	@ConditionalOnMissingBean(name = "tokenMeterChatClientBuilderCustomizer")
	ChatClientBuilderCustomizer tokenMeterChatClientBuilderCustomizer(TokenMeterAdvisor advisor,
			ObjectProvider<CallCostAdvisor> callCostAdvisor, ObjectProvider<CallCostObservationHandler> callCostHandler,
			ObjectProvider<ObservationRegistry> observationRegistry) {
		return builder -> {
			CallCostAdvisor callCost = callCostAdvisor.getIfAvailable();
			boolean observed = callCostHandler.getIfAvailable() != null
					&& ChatClientObservations.run(observationRegistry.getIfUnique());
			if (callCost == null || observed) {
				builder.defaultAdvisors(advisor);
			}
			else {
				builder.defaultAdvisors(callCost, advisor);
			}
		};
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBooleanProperty(name = "tokenmeter.advisor.call-cost", matchIfMissing = true)
	CallCostAdvisor tokenMeterCallCostAdvisor(MeteringFailures failures) {
		return new CallCostAdvisor(failures);
	}

	// The observation registry takes its handlers when it is built; MeteringFailures needs nothing that needs it.
	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBooleanProperty(name = "tokenmeter.advisor.call-cost", matchIfMissing = true)
	CallCostObservationHandler tokenMeterCallCostObservationHandler(MeteringFailures failures) {
		return new CallCostObservationHandler(failures);
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = "io.micrometer.observation.ObservationPredicate")
	@ConditionalOnBooleanProperty(name = "tokenmeter.advisor.observations", havingValue = false, matchIfMissing = true)
	static class AdvisorObservationConfiguration {

		// Static and by name, not by the advisor bean: the observation registry is built early and takes its
		// predicates with it, while the advisor needs the chat model, which needs the registry (a cycle).
		@Bean
		@ConditionalOnMissingBean(name = "tokenMeterAdvisorObservationPredicate")
		static UnobservedAdvisor tokenMeterAdvisorObservationPredicate() {
			return new UnobservedAdvisor(TokenMeterAdvisor.NAME, CallCostAdvisor.NAME);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = "org.springframework.ai.openai.OpenAiChatOptions")
	@ConditionalOnBooleanProperty(name = "tokenmeter.streaming.request-usage", matchIfMissing = true)
	static class OpenAiStreamUsageConfiguration {

		@Bean
		@ConditionalOnMissingBean
		StreamUsageRequest tokenMeterStreamUsageRequest() {
			return new OpenAiStreamUsageRequest();
		}

	}

}
