package io.tokenmeter.autoconfigure;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.tokenmeter.TokenMeter;
import io.tokenmeter.advisor.CallCostAdvisor;
import io.tokenmeter.advisor.TokenMeterAdvisor;
import io.tokenmeter.advisor.internal.StreamUsageRequest;
import io.tokenmeter.autoconfigure.budget.TokenMeterBudgetAutoConfiguration;
import io.tokenmeter.autoconfigure.metrics.TokenMeterMetricsAutoConfiguration;
import io.tokenmeter.autoconfigure.pricing.TokenMeterPricingAutoConfiguration;
import io.tokenmeter.core.attribution.CallAttribution;
import io.tokenmeter.core.attribution.LlmCallAttributor;
import io.tokenmeter.core.budget.internal.BudgetTracker;
import io.tokenmeter.core.call.CallCost;
import io.tokenmeter.core.call.CallCostTracker;
import io.tokenmeter.core.call.CallOutcome;
import io.tokenmeter.core.call.LlmCall;
import io.tokenmeter.core.call.LlmCallListener;
import io.tokenmeter.core.lifecycle.LlmCallRecorder;
import io.tokenmeter.core.metrics.internal.TokenMeterMetrics;
import io.tokenmeter.core.pricing.RateTable;
import io.tokenmeter.core.pricing.internal.CallPricer;
import io.tokenmeter.core.usage.TokenUsage;
import io.tokenmeter.core.usage.internal.UsageNormalizers;
import io.tokenmeter.testsupport.Calls;
import org.junit.jupiter.api.Test;
import org.springframework.ai.chat.client.ChatClient;
import org.springframework.ai.chat.client.ChatClientBuilderCustomizer;
import org.springframework.ai.chat.client.ChatClientRequest;
import org.springframework.ai.chat.client.ChatClientResponse;
import org.springframework.ai.chat.client.advisor.api.CallAdvisor;
import org.springframework.ai.chat.client.advisor.api.CallAdvisorChain;
import org.springframework.ai.chat.client.advisor.observation.AdvisorObservationContext;
import org.springframework.ai.chat.messages.AssistantMessage;
import org.springframework.ai.chat.metadata.ChatResponseMetadata;
import org.springframework.ai.chat.metadata.DefaultUsage;
import org.springframework.ai.chat.model.ChatModel;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.model.Generation;
import org.springframework.ai.chat.prompt.Prompt;
import org.springframework.ai.model.chat.client.autoconfigure.ChatClientAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

import static org.assertj.core.api.Assertions.assertThat;

class TokenMeterAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(TokenMeterPricingAutoConfiguration.class,
				TokenMeterMetricsAutoConfiguration.class, TokenMeterBudgetAutoConfiguration.class,
				TokenMeterAutoConfiguration.class, ChatClientAutoConfiguration.class))
		.withUserConfiguration(ModelAndRegistry.class)
		.withPropertyValues("tokenmeter.pricing.catalog=none", "tokenmeter.pricing.models[stub-model].input=1.00",
				"tokenmeter.pricing.models[stub-model].output=2.00");

	@Test
	void everyAutoConfiguredChatClientIsMetered() {
		this.runner.run(context -> {
			assertThat(context).hasSingleBean(TokenMeterAdvisor.class)
				.hasSingleBean(LlmCallRecorder.class)
				.hasSingleBean(TokenMeterMetrics.class)
				.hasSingleBean(CallPricer.class)
				.hasBean("tokenMeterChatClientBuilderCustomizer");

			String reply = context.getBean(ChatClient.Builder.class)
				.build()
				.prompt("hi")
				.advisors(a -> a.param(TokenMeter.AGENT, "bot"))
				.call()
				.content();

			assertThat(reply).isEqualTo("stub reply");
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			assertThat(registry.get("llm.call.duration").tag("agent", "bot").timer().count()).isEqualTo(1);
			// 1,000 in × $1.00/M + 500 out × $2.00/M = $0.001 + $0.001 = $0.002
			assertThat(registry.get("llm.cost").tag("agent", "bot").counter().count()).isEqualTo(0.002);
		});
	}

	@Test
	void aPlainLlmCallListenerBeanReceivesEachRecordedCallOnceWithItsCost() {
		List<LlmCall> calls = new CopyOnWriteArrayList<>();
		this.runner.withBean("callsOfThisTest", LlmCallListener.class, () -> calls::add).run(context -> {
			context.getBean(ChatClient.Builder.class).build().prompt("hi").call().content();

			assertThat(calls).singleElement().satisfies(call -> {
				assertThat(call.model()).isEqualTo("stub-model");
				// 1,000 in × $1.00/M + 500 out × $2.00/M = $0.002
				assertThat(call.cost()).isEqualByComparingTo("0.002");
			});
		});
	}

	@Test
	void theMetricsListenerBeanIsCalledOnceNotAgainAsAPlainListener() {
		this.runner.run(context -> {
			context.getBean(ChatClient.Builder.class).build().prompt("hi").call().content();

			assertThat(context.getBean(MeterRegistry.class).get("llm.call.duration").timer().count()).isEqualTo(1);
		});
	}

	@Test
	void springAiDoesNotObserveTokenMetersOwnAdvisor() {
		this.runner.withConfiguration(AutoConfigurations.of(ObservationAutoConfiguration.class))
			.withUserConfiguration(ObservedAdvisors.class)
			.run(context -> {
				context.getBean(ChatClient.Builder.class).build().prompt("hi").call().content();

				assertThat(context.getBean(ObservedAdvisors.class).names).contains("call")
					.doesNotContain("TokenMeterAdvisor", "TokenMeterCallCostAdvisor");
			});
	}

	@Test
	void everyCallsResponseCarriesItsCost() {
		this.runner.run(context -> {
			ChatClientResponse response = context.getBean(ChatClient.Builder.class)
				.build()
				.prompt("hi")
				.call()
				.chatClientResponse();

			// 1,000 in × $1.00/M + 500 out × $2.00/M = $0.001 + $0.001 = $0.002
			assertThat(CallCost.from(response.context()).orElseThrow().cost()).isEqualByComparingTo("0.002");
		});
	}

	@Test
	void withAnObservationRegistryTheCallSiteCostRidesOnTheChatClientsObservationNotOnASecondAdvisor() {
		this.runner.withConfiguration(AutoConfigurations.of(ObservationAutoConfiguration.class)).run(context -> {
			ChainProbe probe = new ChainProbe();
			ChatClientResponse response = probe.call(context.getBean(ChatClient.Builder.class));

			assertThat(probe.advisors).contains(TokenMeterAdvisor.NAME).doesNotContain(CallCostAdvisor.NAME);
			// 1,000 in × $1.00/M + 500 out × $2.00/M = $0.002
			assertThat(CallCost.from(response.context()).orElseThrow().cost()).isEqualByComparingTo("0.002");
		});
	}

	@Test
	void withoutAnObservationRegistryASecondAdvisorCarriesTheCallSiteCost() {
		this.runner.run(context -> {
			ChainProbe probe = new ChainProbe();
			ChatClientResponse response = probe.call(context.getBean(ChatClient.Builder.class));

			assertThat(probe.advisors).contains(CallCostAdvisor.NAME, TokenMeterAdvisor.NAME);
			assertThat(CallCost.from(response.context()).orElseThrow().cost()).isEqualByComparingTo("0.002");
		});
	}

	@Test
	void withTheChatClientObservationSwitchedOffASecondAdvisorCarriesTheCallSiteCost() {
		this.runner.withConfiguration(AutoConfigurations.of(ObservationAutoConfiguration.class))
			.withPropertyValues("management.observations.enable.spring.ai.chat=false")
			.run(context -> {
				ChainProbe probe = new ChainProbe();
				ChatClientResponse response = probe.call(context.getBean(ChatClient.Builder.class));

				assertThat(probe.advisors).contains(CallCostAdvisor.NAME, TokenMeterAdvisor.NAME);
				assertThat(CallCost.from(response.context()).orElseThrow().cost()).isEqualByComparingTo("0.002");
			});
	}

	@Test
	void theLongestObservationPrefixSetDecidesWhetherTheChatClientIsObserved() {
		this.runner.withConfiguration(AutoConfigurations.of(ObservationAutoConfiguration.class))
			.withPropertyValues("management.observations.enable.spring=false",
					"management.observations.enable.spring.ai.chat.client=true")
			.run(context -> {
				ChainProbe probe = new ChainProbe();
				ChatClientResponse response = probe.call(context.getBean(ChatClient.Builder.class));

				assertThat(probe.advisors).doesNotContain(CallCostAdvisor.NAME);
				assertThat(CallCost.from(response.context()).orElseThrow().cost()).isEqualByComparingTo("0.002");
			});
	}

	@Test
	void callCostFalseLeavesTheResponseAsItWasAndTheTrackerStillWorks() {
		this.runner.withPropertyValues("tokenmeter.advisor.call-cost=false").run(context -> {
			assertThat(context).doesNotHaveBean(CallCostAdvisor.class);
			CallCostTracker tracker = new CallCostTracker();

			ChatClientResponse response = context.getBean(ChatClient.Builder.class)
				.build()
				.prompt("hi")
				.advisors(a -> a.param(TokenMeter.CALL_COST_TRACKER, tracker))
				.call()
				.chatClientResponse();

			assertThat(response.context()).doesNotContainKey(TokenMeter.CALL_COST);
			assertThat(tracker.total().cost()).isEqualByComparingTo("0.002");
		});
	}

	@Test
	void observationsTrueLeavesTokenMetersAdvisorObservedLikeAnyOther() {
		this.runner.withConfiguration(AutoConfigurations.of(ObservationAutoConfiguration.class))
			.withUserConfiguration(ObservedAdvisors.class)
			.withPropertyValues("tokenmeter.advisor.observations=true")
			.run(context -> {
				context.getBean(ChatClient.Builder.class).build().prompt("hi").call().content();

				assertThat(context).doesNotHaveBean("tokenMeterAdvisorObservationPredicate");
				assertThat(context.getBean(ObservedAdvisors.class).names).contains("call", "TokenMeterAdvisor");
			});
	}

	@Test
	void userBeansReplaceEveryPiece() {
		this.runner.withUserConfiguration(UserBeans.class).run(context -> {
			assertThat(context.getBean(RateTable.class)).isSameAs(UserBeans.RATE_TABLE);
			assertThat(context.getBean(UsageNormalizers.class)).isSameAs(UserBeans.NORMALIZERS);
			assertThat(context.getBean(StreamUsageRequest.class)).isSameAs(StreamUsageRequest.NONE);
			assertThat(context).hasSingleBean(RateTable.class).hasSingleBean(UsageNormalizers.class);
		});
	}

	@Test
	void aUserAttributorIsConsultedAfterPerCallParameters() {
		this.runner.withBean(LlmCallAttributor.class, () -> () -> new CallAttribution("from-attributor",
				"user-7", null)).run(context -> {
					ChatClient client = context.getBean(ChatClient.Builder.class).build();
					client.prompt("hi").call().content();
					client.prompt("hi").advisors(a -> a.param(TokenMeter.AGENT, "explicit")).call().content();
					MeterRegistry registry = context.getBean(MeterRegistry.class);
					assertThat(registry.get("llm.call.duration").tag("agent", "from-attributor").tag("user", "user-7")
						.timer().count()).isEqualTo(1);
					assertThat(registry.get("llm.call.duration").tag("agent", "explicit").timer().count()).isEqualTo(1);
				});
	}

	@Test
	void disabledTokenMeterRegistersNothing() {
		this.runner.withPropertyValues("tokenmeter.enabled=false").run(context -> {
			assertThat(context).hasNotFailed()
				.doesNotHaveBean(TokenMeterAdvisor.class)
				.doesNotHaveBean(LlmCallRecorder.class)
				.doesNotHaveBean(RateTable.class)
				.doesNotHaveBean(BudgetTracker.class)
				.doesNotHaveBean(TokenMeterMetrics.class)
				.doesNotHaveBean("tokenMeterChatClientBuilderCustomizer");
			context.getBean(ChatClient.Builder.class).build().prompt("hi").call().content();
			assertThat(context.getBean(MeterRegistry.class).find("llm.call.duration").timer()).isNull();
		});
	}

	@Test
	void withoutSpringAiOnTheClasspathNothingIsRegisteredAndNothingFails() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(TokenMeterPricingAutoConfiguration.class,
					TokenMeterMetricsAutoConfiguration.class, TokenMeterBudgetAutoConfiguration.class,
					TokenMeterAutoConfiguration.class))
			.withClassLoader(new FilteredClassLoader(ChatClient.class))
			.run(context -> assertThat(context).hasNotFailed()
				.doesNotHaveBean(TokenMeterAdvisor.class)
				.doesNotHaveBean(RateTable.class));
	}

	@Test
	void withoutMicrometerCallsAreStillPricedAndBudgeted() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(TokenMeterPricingAutoConfiguration.class,
					TokenMeterMetricsAutoConfiguration.class, TokenMeterBudgetAutoConfiguration.class,
					TokenMeterAutoConfiguration.class, ChatClientAutoConfiguration.class))
			.withClassLoader(new FilteredClassLoader(MeterRegistry.class))
			.withBean(ChatModel.class, StubChatModel::new)
			.withPropertyValues("tokenmeter.pricing.catalog=none", "tokenmeter.budgets[0].name=all",
					"tokenmeter.budgets[0].limit=1", "tokenmeter.budgets[0].window=total")
			.run(context -> {
				assertThat(context).hasNotFailed()
					.hasSingleBean(TokenMeterAdvisor.class)
					.hasSingleBean(BudgetTracker.class)
					.doesNotHaveBean(TokenMeterMetrics.class);
				assertThat(context.getBean(ChatClient.Builder.class).build().prompt("hi").call().content())
					.isEqualTo("stub reply");
			});
	}

	@Test
	void withoutAMeterRegistryBeanMetricsBackOff() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(TokenMeterPricingAutoConfiguration.class,
					TokenMeterMetricsAutoConfiguration.class, TokenMeterBudgetAutoConfiguration.class,
					TokenMeterAutoConfiguration.class))
			.withPropertyValues("tokenmeter.pricing.catalog=none")
			.run(context -> assertThat(context).hasNotFailed()
				.hasSingleBean(TokenMeterAdvisor.class)
				.doesNotHaveBean(TokenMeterMetrics.class));
	}

	@Test
	void metricsCanBeTurnedOffAlone() {
		this.runner.withPropertyValues("tokenmeter.metrics.enabled=false")
			.run(context -> assertThat(context).hasSingleBean(TokenMeterAdvisor.class)
				.doesNotHaveBean(TokenMeterMetrics.class));
	}

	@Test
	void userTagValuesBeyondTheCapFoldIntoOther() {
		this.runner.withPropertyValues("tokenmeter.metrics.max-user-tags=2").run(context -> {
			LlmCallRecorder recorder = context.getBean(LlmCallRecorder.class);
			for (String user : List.of("alice", "bob", "carol", "dave", "alice")) {
				recorder.record(call(user));
			}
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			assertThat(registry.find("llm.call.duration").timers())
				.extracting(timer -> timer.getId().getTag("user"))
				.containsExactlyInAnyOrder("alice", "bob", "other");
			assertThat(registry.get("llm.call.duration").tag("user", "other").timer().count()).isEqualTo(2);
			assertThat(registry.get("llm.call.duration").tag("user", "alice").timer().count()).isEqualTo(2);
		});
	}

	@Test
	void theUserTagCanBeLeftOutEntirely() {
		this.runner.withPropertyValues("tokenmeter.metrics.user-tag=false").run(context -> {
			context.getBean(LlmCallRecorder.class).record(call("alice"));
			assertThat(context.getBean(MeterRegistry.class).get("llm.call.duration").timer().getId().getTag("user"))
				.isNull();
		});
	}

	@Test
	void streamUsageIsRequestedByDefaultAndCanBeTurnedOff() {
		this.runner.run(context -> assertThat(context).hasSingleBean(StreamUsageRequest.class));
		this.runner.withPropertyValues("tokenmeter.streaming.request-usage=false")
			.run(context -> assertThat(context).doesNotHaveBean(StreamUsageRequest.class));
	}

	@Test
	void configuredAttributionDefaultsApplyToUnattributedCalls() {
		this.runner
			.withPropertyValues("tokenmeter.attribution.default-agent=backend",
					"tokenmeter.attribution.default-user=anonymous")
			.run(context -> {
				context.getBean(ChatClient.Builder.class).build().prompt("hi").call().content();
				assertThat(context.getBean(MeterRegistry.class)
					.get("llm.call.duration")
					.tag("agent", "backend")
					.tag("user", "anonymous")
					.timer()
					.count()).isEqualTo(1);
			});
	}

	private static LlmCall call(String user) {
		return Calls.chat("stub-model")
			.timestamp(Instant.now())
			.attribution(new CallAttribution("bot", user, null))
			.usage(TokenUsage.of(10, 0, 0, 0, 5, 0))
			.build();
	}

	/** A chat model answering instantly with 1,000 prompt and 500 completion tokens. */
	static class StubChatModel implements ChatModel {

		@Override
		public ChatResponse call(Prompt prompt) {
			return new ChatResponse(List.of(new Generation(new AssistantMessage("stub reply"))),
					ChatResponseMetadata.builder().model("stub-model").usage(new DefaultUsage(1000, 500)).build());
		}

	}

	@Configuration(proxyBeanMethods = false)
	/** Records the name of every advisor Spring AI observes. */
	static class ObservedAdvisors implements ObservationHandler<AdvisorObservationContext> {

		final List<String> names = new CopyOnWriteArrayList<>();

		@Override
		public void onStart(AdvisorObservationContext context) {
			this.names.add(context.getAdvisorName());
		}

		@Override
		public boolean supportsContext(Observation.Context context) {
			return context instanceof AdvisorObservationContext;
		}

	}

	static class ModelAndRegistry {

		@Bean
		ChatModel chatModel() {
			return new StubChatModel();
		}

		@Bean
		SimpleMeterRegistry meterRegistry() {
			return new SimpleMeterRegistry();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UserBeans {

		static final RateTable RATE_TABLE = new RateTable(List.of(), Map.of());

		static final UsageNormalizers NORMALIZERS = UsageNormalizers.forClasspath(UserBeans.class.getClassLoader());

		@Bean
		RateTable myRateTable() {
			return RATE_TABLE;
		}

		@Bean
		UsageNormalizers myNormalizers() {
			return NORMALIZERS;
		}

		@Bean
		StreamUsageRequest myStreamUsageRequest() {
			return StreamUsageRequest.NONE;
		}

	}


	/** Sees the advisors of the chain it runs in (first in it), by name. */
	static final class ChainProbe implements CallAdvisor {

		List<String> advisors = List.of();

		/** A call through a client of this builder, with the probe in its chain. */
		ChatClientResponse call(ChatClient.Builder builder) {
			return builder.build().prompt("hi").advisors(this).call().chatClientResponse();
		}

		@Override
		public ChatClientResponse adviseCall(ChatClientRequest request, CallAdvisorChain chain) {
			this.advisors = chain.getCallAdvisors().stream().map(CallAdvisor::getName).toList();
			return chain.nextCall(request);
		}

		@Override
		public String getName() {
			return "probe";
		}

		@Override
		public int getOrder() {
			return Ordered.HIGHEST_PRECEDENCE;
		}

	}

}
