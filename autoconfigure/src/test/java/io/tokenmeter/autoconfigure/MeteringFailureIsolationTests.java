package io.tokenmeter.autoconfigure;

import java.util.List;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tokenmeter.autoconfigure.budget.TokenMeterBudgetAutoConfiguration;
import io.tokenmeter.autoconfigure.metrics.TokenMeterMetricsAutoConfiguration;
import io.tokenmeter.autoconfigure.pricing.TokenMeterPricingAutoConfiguration;
import io.tokenmeter.core.attribution.LlmCallAttributor;
import io.tokenmeter.core.call.internal.MeteringStage;
import io.tokenmeter.core.lifecycle.LlmCallRecorder.StagedListener;
import org.junit.jupiter.api.Test;
import org.springframework.ai.chat.client.ChatClient;
import org.springframework.ai.chat.messages.AssistantMessage;
import org.springframework.ai.chat.metadata.ChatResponseMetadata;
import org.springframework.ai.chat.metadata.DefaultUsage;
import org.springframework.ai.chat.model.ChatModel;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.model.Generation;
import org.springframework.ai.chat.prompt.Prompt;
import org.springframework.ai.model.chat.client.autoconfigure.ChatClientAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import reactor.core.publisher.Flux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * Whatever breaks inside tokenmeter, the caller gets the model's answer, or the model's own exception, unchanged;
 * the failure is counted in {@code tokenmeter.errors}.
 */
class MeteringFailureIsolationTests {

	private static final IllegalStateException MODEL_FAILURE = new IllegalStateException("model is down");

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(TokenMeterPricingAutoConfiguration.class,
				TokenMeterMetricsAutoConfiguration.class, TokenMeterBudgetAutoConfiguration.class,
				TokenMeterAutoConfiguration.class, ChatClientAutoConfiguration.class))
		.withBean(SimpleMeterRegistry.class)
		.withPropertyValues("tokenmeter.pricing.catalog=none", "tokenmeter.pricing.models[stub-model].input=1",
				"tokenmeter.pricing.models[stub-model].output=2");

	@Test
	void aThrowingListenerLeavesTheAnswerUnchangedAndIsCounted() {
		this.runner.withBean(ChatModel.class, AnsweringModel::new)
			.withBean("brokenListener", StagedListener.class, () -> new StagedListener(MeteringStage.LEDGER, call -> {
				throw new IllegalStateException("disk full");
			}))
			.run(context -> {
				ChatClient client = context.getBean(ChatClient.Builder.class).build();

				assertThat(client.prompt("hi").call().content()).isEqualTo("the answer");
				assertThat(client.prompt("hi").stream().content().collectList().block())
					.containsExactly("the ", "answer");

				assertThat(errors(context.getBean(MeterRegistry.class), "ledger")).isEqualTo(2);
				// The stages before the broken one still ran.
				assertThat(context.getBean(MeterRegistry.class).get("llm.call.duration").timers()).isNotEmpty();
			});
	}

	@Test
	void aThrowingAttributorLeavesTheAnswerUnchangedAndTheCallMeteredWithTheDefaults() {
		this.runner.withBean(ChatModel.class, AnsweringModel::new).withBean(LlmCallAttributor.class, () -> () -> {
			throw new IllegalStateException("no security context");
		}).run(context -> {
			ChatClient client = context.getBean(ChatClient.Builder.class).build();

			assertThat(client.prompt("hi").call().content()).isEqualTo("the answer");
			assertThat(client.prompt("hi").stream().content().collectList().block()).containsExactly("the ", "answer");
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			assertThat(registry.get("llm.call.duration").tag("agent", "unknown").timer().count()).isEqualTo(2);
			assertThat(errors(registry, "advisor")).isEqualTo(2);
		});
	}

	@Test
	void theModelsOwnExceptionReachesTheCallerEvenWhenMeteringBreaksToo() {
		this.runner.withBean(ChatModel.class, FailingModel::new)
			.withBean("brokenListener", StagedListener.class, () -> new StagedListener(MeteringStage.LEDGER, call -> {
				throw new IllegalStateException("disk full");
			}))
			.run(context -> {
				ChatClient client = context.getBean(ChatClient.Builder.class).build();

				assertThat(catchThrowable(() -> client.prompt("hi").call().content())).isSameAs(MODEL_FAILURE);
				assertThat(catchThrowable(() -> client.prompt("hi").stream().content().blockLast()))
					.isSameAs(MODEL_FAILURE);
				MeterRegistry registry = context.getBean(MeterRegistry.class);
				assertThat(registry.get("llm.call.duration").tag("outcome", "error").timer().count()).isEqualTo(2);
			});
	}

	private static double errors(MeterRegistry registry, String stage) {
		return registry.get("tokenmeter.errors").tag("stage", stage).functionCounter().count();
	}

	private static ChatResponse response(String text, DefaultUsage usage) {
		return new ChatResponse(List.of(new Generation(new AssistantMessage(text))),
				ChatResponseMetadata.builder().model("stub-model").usage(usage).build());
	}

	static class AnsweringModel implements ChatModel {

		@Override
		public ChatResponse call(Prompt prompt) {
			return response("the answer", new DefaultUsage(10, 2));
		}

		@Override
		public Flux<ChatResponse> stream(Prompt prompt) {
			return Flux.just(response("the ", new DefaultUsage(0, 0)), response("answer", new DefaultUsage(10, 2)));
		}

	}

	static class FailingModel implements ChatModel {

		@Override
		public ChatResponse call(Prompt prompt) {
			throw MODEL_FAILURE;
		}

		@Override
		public Flux<ChatResponse> stream(Prompt prompt) {
			return Flux.error(MODEL_FAILURE);
		}

	}

}
