package io.tokenmeter.benchmarks;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.tokenmeter.TokenMeter;
import io.tokenmeter.advisor.TokenMeterAdvisor;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.springframework.ai.chat.client.ChatClientRequest;
import org.springframework.ai.chat.client.ChatClientResponse;
import org.springframework.ai.chat.client.advisor.api.CallAdvisor;
import org.springframework.ai.chat.client.advisor.api.CallAdvisorChain;
import org.springframework.ai.chat.client.advisor.api.StreamAdvisor;
import org.springframework.ai.chat.client.advisor.api.StreamAdvisorChain;
import org.springframework.ai.chat.messages.SystemMessage;
import org.springframework.ai.chat.messages.UserMessage;
import org.springframework.ai.chat.prompt.Prompt;
import org.springframework.context.ConfigurableApplicationContext;
import reactor.core.publisher.Flux;

/**
 * tokenmeter's own work, without the {@code ChatClient} around it: the auto-configured {@link TokenMeterAdvisor}
 * (same beans and properties as the metered variant) called directly with a chain that answers at once. The
 * difference between this and the ChatClient pair is what Spring AI charges for having one more advisor.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 2, jvmArgsAppend = { "-Xms1g", "-Xmx1g" })
public class AdvisorBenchmarks {

	/** One call through the advisor. */
	@Benchmark
	public ChatClientResponse adviseCall(Advisor advisor) {
		return advisor.advisor.adviseCall(advisor.request, advisor.callChain);
	}

	/** The same call with tokenmeter's Micrometer meters off: the difference is what the meters cost. */
	@Benchmark
	public ChatClientResponse adviseCallWithoutMetrics(AdvisorWithoutMetrics advisor) {
		return advisor.advisor.adviseCall(advisor.request, advisor.callChain);
	}

	/** The same call with no budget configured: the difference is what the two tracked budgets cost. */
	@Benchmark
	public ChatClientResponse adviseCallWithoutBudgets(AdvisorWithoutBudgets advisor) {
		return advisor.advisor.adviseCall(advisor.request, advisor.callChain);
	}

	/** The same call with the ledger stage off (no spend report): the difference is what the report costs. */
	@Benchmark
	public ChatClientResponse adviseCallWithoutReport(AdvisorWithoutReport advisor) {
		return advisor.advisor.adviseCall(advisor.request, advisor.callChain);
	}

	/** Control for {@link #adviseStream}: the same chunks through Reactor without the advisor. */
	@Benchmark
	public ChatClientResponse streamChunks(Advisor advisor) {
		return Flux.fromIterable(advisor.chunks).blockLast();
	}

	/** One stream of 500 content chunks and a usage chunk through the advisor. */
	@Benchmark
	public ChatClientResponse adviseStream(Advisor advisor) {
		return advisor.advisor.adviseStream(advisor.request, advisor.streamChain).blockLast();
	}

	@State(Scope.Benchmark)
	public static class Advisor {

		private ConfigurableApplicationContext context;

		TokenMeterAdvisor advisor;

		ChatClientRequest request;

		List<ChatClientResponse> chunks;

		CallAdvisorChain callChain;

		StreamAdvisorChain streamChain;

		/** The application configuration this advisor comes from. */
		Variant variant() {
			return Variant.METERED;
		}

		@Setup(Level.Trial)
		public void setUp() {
			this.context = BenchmarkApplication.start(variant());
			this.advisor = this.context.getBean(TokenMeterAdvisor.class);
			OpenAiLikeChatModel model = this.context.getBean(OpenAiLikeChatModel.class);
			// What the ChatClient hands its advisors: the model's options copied, the advisor params as context.
			Prompt prompt = Prompt.builder()
				.messages(new SystemMessage("You are the support assistant of an online service. Answer briefly."),
						new UserMessage("What is the refund policy for annual plans?"))
				.chatOptions(model.getOptions().mutate().build())
				.build();
			this.request = ChatClientRequest.builder()
				.prompt(prompt)
				.context(Map.of(TokenMeter.AGENT, "support-bot", TokenMeter.USER, "user-0"))
				.build();
			ChatClientResponse response = ChatClientResponse.builder()
				.chatResponse(model.response())
				.context(this.request.context())
				.build();
			this.chunks = model.chunks()
				.stream()
				.map(chunk -> ChatClientResponse.builder().chatResponse(chunk).context(this.request.context()).build())
				.toList();
			this.callChain = new AnsweringChain(response, this.chunks);
			this.streamChain = (StreamAdvisorChain) this.callChain;
		}

		@TearDown(Level.Trial)
		public void tearDown() {
			this.context.close();
		}

	}

	@State(Scope.Benchmark)
	public static class AdvisorWithoutMetrics extends Advisor {

		@Override
		Variant variant() {
			return Variant.METERED_WITHOUT_METRICS;
		}

	}

	@State(Scope.Benchmark)
	public static class AdvisorWithoutBudgets extends Advisor {

		@Override
		Variant variant() {
			return Variant.METERED_WITHOUT_BUDGETS;
		}

	}

	@State(Scope.Benchmark)
	public static class AdvisorWithoutReport extends Advisor {

		@Override
		Variant variant() {
			return Variant.METERED_WITHOUT_REPORT;
		}

	}

	/** The rest of the chain, answering at once. */
	private record AnsweringChain(ChatClientResponse response, List<ChatClientResponse> chunks)
			implements CallAdvisorChain, StreamAdvisorChain {

		@Override
		public ChatClientResponse nextCall(ChatClientRequest request) {
			return this.response;
		}

		@Override
		public Flux<ChatClientResponse> nextStream(ChatClientRequest request) {
			return Flux.fromIterable(this.chunks);
		}

		@Override
		public List<CallAdvisor> getCallAdvisors() {
			return List.of();
		}

		@Override
		public List<StreamAdvisor> getStreamAdvisors() {
			return List.of();
		}

		@Override
		public CallAdvisorChain copy(CallAdvisor after) {
			return this;
		}

		@Override
		public StreamAdvisorChain copy(StreamAdvisor after) {
			return this;
		}

	}

}
