package io.tokenmeter.autoconfigure;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.micrometer.common.KeyValue;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationFilter;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.tracing.Tracer;
import io.tokenmeter.TokenMeter;
import io.tokenmeter.autoconfigure.budget.TokenMeterBudgetAutoConfiguration;
import io.tokenmeter.autoconfigure.metrics.TokenMeterMetricsAutoConfiguration;
import io.tokenmeter.autoconfigure.model.TokenMeterModelCallsAutoConfiguration;
import io.tokenmeter.autoconfigure.pricing.TokenMeterPricingAutoConfiguration;
import io.tokenmeter.autoconfigure.tracing.TokenMeterTracingAutoConfiguration;
import io.tokenmeter.tracing.internal.ChatSpanCallLink;
import io.tokenmeter.tracing.internal.ChatSpanCostFilter;
import org.junit.jupiter.api.Test;
import org.springframework.ai.chat.client.ChatClient;
import org.springframework.ai.chat.model.ChatModel;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.observation.ChatModelObservationContext;
import org.springframework.ai.chat.observation.ChatModelObservationDocumentation;
import org.springframework.ai.chat.observation.DefaultChatModelObservationConvention;
import org.springframework.ai.chat.prompt.ChatOptions;
import org.springframework.ai.chat.prompt.Prompt;
import org.springframework.ai.model.chat.client.autoconfigure.ChatClientAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The span side of tokenmeter, against Spring Boot's observation registry and a chat model observed the way
 * Spring AI's models observe every call (without a span exporter: what the spans would carry is what the
 * observation's context holds when it stops, and Zipkin's end-to-end test reads it from real spans).
 */
class TokenMeterTracingAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ObservationAutoConfiguration.class,
				TokenMeterPricingAutoConfiguration.class, TokenMeterMetricsAutoConfiguration.class,
				TokenMeterBudgetAutoConfiguration.class, TokenMeterAutoConfiguration.class,
				TokenMeterModelCallsAutoConfiguration.class, TokenMeterTracingAutoConfiguration.class,
				ChatClientAutoConfiguration.class))
		.withUserConfiguration(ObservedModel.class)
		.withBean(Tracer.class, () -> Tracer.NOOP)
		.withBean(SimpleMeterRegistry.class, SimpleMeterRegistry::new)
		.withPropertyValues("tokenmeter.pricing.catalog=none", "tokenmeter.pricing.models[stub-model].input=1.00",
				"tokenmeter.pricing.models[stub-model].output=2.00");

	@Test
	void chatModelObservationEndsWithTokenMetersViewOfTheCallRecordedOnce() {
		this.runner.run(context -> {
			context.getBean(ChatClient.Builder.class)
				.build()
				.prompt("hi")
				.advisors(a -> a.param(TokenMeter.AGENT, "bot").param(TokenMeter.USER, "alice"))
				.call()
				.content();

			Map<String, String> span = context.getBean(ObservedModel.class).stopped;
			// 1,000 in × $1.00/M + 500 out × $2.00/M = $0.001 + $0.001 = $0.002
			assertThat(span).containsEntry("tokenmeter.cost.usd", "0.002")
				.containsEntry("gen_ai.usage.input_tokens", "1000")
				.containsEntry("gen_ai.usage.output_tokens", "500")
				.containsEntry("gen_ai.agent.name", "bot")
				.doesNotContainKey("user.id");
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			assertThat(registry.get("llm.call.duration").tag("agent", "bot").timer().count()).isEqualTo(1);
			assertThat(registry.get("llm.cost").tag("agent", "bot").counter().count()).isEqualTo(0.002);
		});
	}

	@Test
	void userIdIsOnTheSpanOnlyWhenAskedFor() {
		this.runner.withPropertyValues("tokenmeter.tracing.user=true").run(context -> {
			context.getBean(ChatClient.Builder.class)
				.build()
				.prompt("hi")
				.advisors(a -> a.param(TokenMeter.USER, "alice"))
				.call()
				.content();

			assertThat(context.getBean(ObservedModel.class).stopped).containsEntry("user.id", "alice");
		});
	}

	@Test
	void aFilterOrderedAfterTokenMetersSeesItsCost() {
		this.runner.withUserConfiguration(LangfuseCost.class).run(context -> {
			context.getBean(ChatClient.Builder.class).build().prompt("hi").call().content();

			// The README's Langfuse snippet: tokenmeter's exact cost copied to the name Langfuse reads as cost.
			assertThat(context.getBean(ObservedModel.class).stopped).containsEntry("gen_ai.usage.cost", "0.002");
		});
	}

	@Test
	void withoutMicrometerTracingNothingIsAdded() {
		this.runner.withClassLoader(new FilteredClassLoader(Tracer.class))
			.run(context -> assertThat(context).doesNotHaveBean(ChatSpanCostFilter.class)
				.doesNotHaveBean(ChatSpanCallLink.class)
				.hasBean("tokenMeterChatModelMeteringHandler"));
	}

	@Test
	void withoutATracerNothingIsAdded() {
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(ObservationAutoConfiguration.class,
				TokenMeterPricingAutoConfiguration.class, TokenMeterMetricsAutoConfiguration.class,
				TokenMeterAutoConfiguration.class, TokenMeterTracingAutoConfiguration.class))
			.withPropertyValues("tokenmeter.pricing.catalog=none")
			.run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(ChatSpanCostFilter.class));
	}

	@Test
	void tracingCanBeTurnedOff() {
		this.runner.withPropertyValues("tokenmeter.tracing.enabled=false")
			.run(context -> assertThat(context).doesNotHaveBean(ChatSpanCostFilter.class)
				.doesNotHaveBean(ChatSpanCallLink.class));
	}

	@Configuration(proxyBeanMethods = false)
	static class LangfuseCost {

		@Bean
		@Order(Ordered.LOWEST_PRECEDENCE)
		ObservationFilter langfuseCost() {
			return context -> {
				KeyValue cost = context.getHighCardinalityKeyValue("tokenmeter.cost.usd");
				return cost == null ? context
						: context.addHighCardinalityKeyValue(KeyValue.of("gen_ai.usage.cost", cost.getValue()));
			};
		}

	}

	/**
	 * The stub chat model (1,000 prompt and 500 completion tokens) inside Spring AI's chat-model observation, and
	 * a handler that keeps the high-cardinality key values the observation stopped with.
	 */
	@Configuration(proxyBeanMethods = false)
	static class ObservedModel implements ObservationHandler<ChatModelObservationContext> {

		final Map<String, String> stopped = new ConcurrentHashMap<>();

		@Bean
		ChatModel chatModel(ObservationRegistry registry) {
			ChatModel stub = new TokenMeterAutoConfigurationTests.StubChatModel();
			return new ChatModel() {

				@Override
				public ChatResponse call(Prompt prompt) {
					ChatModelObservationContext observed = ChatModelObservationContext.builder()
						.prompt(prompt)
						.provider("openai")
						.build();
					return ChatModelObservationDocumentation.CHAT_MODEL_OPERATION
						.observation(null, new DefaultChatModelObservationConvention(), () -> observed, registry)
						.observe(() -> {
							ChatResponse response = stub.call(prompt);
							observed.setResponse(response);
							return response;
						});
				}

				@Override
				public ChatOptions getDefaultOptions() {
					return ChatOptions.builder().model("stub-model").build();
				}

			};
		}

		@Override
		public boolean supportsContext(Observation.Context context) {
			return context instanceof ChatModelObservationContext;
		}

		@Override
		public void onStop(ChatModelObservationContext context) {
			for (KeyValue keyValue : context.getHighCardinalityKeyValues()) {
				this.stopped.put(keyValue.getKey(), keyValue.getValue());
			}
		}

	}

}
