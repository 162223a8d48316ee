package io.tokenmeter.advisor;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import io.tokenmeter.core.budget.internal.BudgetTracker;
import io.tokenmeter.advisor.internal.ChatModelDefaults;
import io.tokenmeter.advisor.internal.StreamUsageRequest;
import io.tokenmeter.core.attribution.internal.AttributionResolver;
import io.tokenmeter.core.call.CallOutcome;
import io.tokenmeter.core.call.LlmCall;
import io.tokenmeter.core.call.internal.MeteringFailures;
import io.tokenmeter.core.call.internal.MeteringStage;
import io.tokenmeter.core.lifecycle.CallLifecycle;
import io.tokenmeter.core.lifecycle.LlmCallRecorder.StagedListener;
import io.tokenmeter.core.lifecycle.LlmCallRecorder;
import io.tokenmeter.core.pricing.CostCalculator;
import io.tokenmeter.core.pricing.RateTable;
import io.tokenmeter.core.pricing.UnknownModelPolicy;
import io.tokenmeter.core.pricing.internal.CallPricer;
import io.tokenmeter.core.usage.internal.UsageNormalizers;
import org.junit.jupiter.api.Test;
import org.springframework.ai.chat.client.ChatClientRequest;
import org.springframework.ai.chat.client.ChatClientResponse;
import org.springframework.ai.chat.client.advisor.api.CallAdvisor;
import org.springframework.ai.chat.client.advisor.api.CallAdvisorChain;
import org.springframework.ai.chat.client.advisor.api.StreamAdvisor;
import org.springframework.ai.chat.client.advisor.api.StreamAdvisorChain;
import org.springframework.ai.chat.messages.AssistantMessage;
import org.springframework.ai.chat.metadata.ChatResponseMetadata;
import org.springframework.ai.chat.metadata.DefaultUsage;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.model.Generation;
import org.springframework.ai.chat.prompt.Prompt;
import reactor.core.CoreSubscriber;
import reactor.core.Fuseable;
import reactor.core.publisher.Flux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** The advisor alone, on a stub chain: what the chain answers reaches the caller unchanged, and it is recorded. */
class TokenMeterAdvisorTests {

	private final List<LlmCall> recorded = new CopyOnWriteArrayList<>();

	private final TokenMeterAdvisor advisor = advisor();

	private final ChatClientRequest request = new ChatClientRequest(new Prompt("hi"), Map.of());

	private final ChatClientResponse answer = new ChatClientResponse(new ChatResponse(
			List.of(new Generation(new AssistantMessage("hello"))),
			ChatResponseMetadata.builder().model("stub-model").usage(new DefaultUsage(10, 5)).build()), Map.of());

	@Test
	void aCallReturnsTheChainsResponseAsItIs() {
		assertThat(this.advisor.adviseCall(this.request, callChain(this.answer))).isSameAs(this.answer);
	}

	@Test
	void aCallIsRecordedOnceWithItsUsage() {
		this.advisor.adviseCall(this.request, callChain(this.answer));

		assertThat(this.recorded).singleElement().satisfies(call -> {
			assertThat(call.outcome()).isEqualTo(CallOutcome.SUCCESS);
			assertThat(call.model()).isEqualTo("stub-model");
			assertThat(call.usage().output()).isEqualTo(5);
		});
	}

	@Test
	void aFailingCallPassesTheModelsExceptionThroughUnchanged() {
		IllegalStateException failure = new IllegalStateException("provider down");

		assertThatExceptionOfType(IllegalStateException.class)
			.isThrownBy(() -> this.advisor.adviseCall(this.request, failingCallChain(failure)))
			.isSameAs(failure);
		assertThat(this.recorded).singleElement().extracting(LlmCall::outcome).isEqualTo(CallOutcome.ERROR);
	}

	@Test
	void aStreamDeliversTheChainsChunksAsTheyAre() {
		assertThat(this.advisor.adviseStream(this.request, streamChain(Flux.just(this.answer))).collectList().block())
			.containsExactly(this.answer);
	}

	@Test
	void aStreamIsRecordedOnceWhenItCompletes() {
		this.advisor.adviseStream(this.request, streamChain(Flux.just(this.answer))).blockLast();

		assertThat(this.recorded).singleElement().satisfies(call -> {
			assertThat(call.stream()).isTrue();
			assertThat(call.outcome()).isEqualTo(CallOutcome.SUCCESS);
		});
	}

	@Test
	void aFailingStreamPassesTheModelsErrorThroughUnchanged() {
		IllegalStateException failure = new IllegalStateException("stream broke");

		assertThatExceptionOfType(IllegalStateException.class)
			.isThrownBy(() -> this.advisor.adviseStream(this.request, streamChain(Flux.error(failure))).blockLast())
			.isSameAs(failure);
		assertThat(this.recorded).singleElement().extracting(LlmCall::outcome).isEqualTo(CallOutcome.ERROR);
	}

	@Test
	void aStreamLeavesTheStagesBeforeItConditional() {
		ConditionalAwareSource source = new ConditionalAwareSource(List.of(chunk("hel", 0, 0), chunk("lo", 10, 5)));

		this.advisor.adviseStream(this.request, streamChain(source)).filter(chunk -> true).blockLast();

		// Reactor's operators pick their conditional (tryOnNext) variants only under a conditional subscriber.
		assertThat(source.subscriberWasConditional).isTrue();
	}

	@Test
	void aChunkThatALaterStageDropsIsStillMetered() {
		ChatClientResponse usageChunk = chunk("lo", 10, 5);
		ConditionalAwareSource source = new ConditionalAwareSource(List.of(chunk("hel", 0, 0), usageChunk));

		List<ChatClientResponse> delivered = this.advisor.adviseStream(this.request, streamChain(source))
			.filter(chunk -> chunk != usageChunk)
			.collectList()
			.block();

		assertThat(delivered).hasSize(1);
		assertThat(this.recorded).singleElement().satisfies(call -> {
			assertThat(call.usage().input()).isEqualTo(10);
			assertThat(call.usage().output()).isEqualTo(5);
		});
	}

	private static ChatClientResponse chunk(String text, int promptTokens, int completionTokens) {
		return new ChatClientResponse(new ChatResponse(List.of(new Generation(new AssistantMessage(text))),
				ChatResponseMetadata.builder()
					.model("stub-model")
					.usage(new DefaultUsage(promptTokens, completionTokens))
					.build()),
				Map.of());
	}

	/** The model's stream, telling whether the stage after it subscribed as a conditional subscriber. */
	private static final class ConditionalAwareSource extends Flux<ChatClientResponse> {

		private final List<ChatClientResponse> chunks;

		private volatile boolean subscriberWasConditional;

		ConditionalAwareSource(List<ChatClientResponse> chunks) {
			this.chunks = chunks;
		}

		@Override
		public void subscribe(CoreSubscriber<? super ChatClientResponse> actual) {
			this.subscriberWasConditional = actual instanceof Fuseable.ConditionalSubscriber;
			// Emits by tryOnNext to a conditional subscriber, as Reactor's sources and operators do.
			Flux.fromIterable(this.chunks).subscribe(actual);
		}

	}

	private TokenMeterAdvisor advisor() {
		MeteringFailures failures = new MeteringFailures(Duration.ofMinutes(1));
		CallPricer pricer = new CallPricer(new RateTable(List.of(), Map.of()), new CostCalculator(Map.of()),
				UnknownModelPolicy.IGNORE);
		LlmCallRecorder recorder = new LlmCallRecorder(pricer, BudgetTracker.none(),
				List.of(new StagedListener(MeteringStage.EVENTS, this.recorded::add)), failures);
		CallLifecycle lifecycle = new CallLifecycle(recorder,
				UsageNormalizers.forClasspath(getClass().getClassLoader()), null, Clock.systemUTC());
		AttributionResolver attribution = new AttributionResolver(null, "unknown", "unknown", ex -> {
		});
		return new TokenMeterAdvisor(lifecycle, attribution, StreamUsageRequest.NONE,
				new ChatModelDefaults("openai", "stub-model"), 0, null, 0);
	}

	private static CallAdvisorChain callChain(ChatClientResponse response) {
		return new StubCallChain(request -> response);
	}

	private static CallAdvisorChain failingCallChain(RuntimeException failure) {
		return new StubCallChain(request -> {
			throw failure;
		});
	}

	private static StreamAdvisorChain streamChain(Flux<ChatClientResponse> responses) {
		return new StreamAdvisorChain() {

			@Override
			public Flux<ChatClientResponse> nextStream(ChatClientRequest request) {
				return responses;
			}

			@Override
			public List<StreamAdvisor> getStreamAdvisors() {
				return List.of();
			}

			@Override
			public StreamAdvisorChain copy(StreamAdvisor after) {
				return this;
			}

		};
	}

	private record StubCallChain(java.util.function.Function<ChatClientRequest, ChatClientResponse> model)
			implements CallAdvisorChain {

		@Override
		public ChatClientResponse nextCall(ChatClientRequest request) {
			return this.model.apply(request);
		}

		@Override
		public List<CallAdvisor> getCallAdvisors() {
			return List.of();
		}

		@Override
		public CallAdvisorChain copy(CallAdvisor after) {
			return this;
		}

	}

}
