package io.tokenmeter.benchmarks;

import java.util.List;
import java.util.concurrent.TimeUnit;

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
import org.springframework.ai.chat.messages.SystemMessage;
import org.springframework.ai.chat.messages.UserMessage;
import org.springframework.ai.chat.model.ChatModel;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.prompt.Prompt;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The model-level path: {@code ChatModel.call} straight on a model that observes itself as Spring AI's models do
 * ({@link ObservingChatModel}), with the application's observation registry (Spring AI's meter handler for
 * {@code gen_ai_client_operation_seconds} and its token usage meter included). {@code modelCallBare} minus
 * {@code modelCallUnobserved} is what every Spring AI application with actuator already pays per call for Spring
 * AI's own metrics; {@code modelCallMetered} adds tokenmeter's model-level handler (metrics, pricing,
 * two tracked budgets). ({@link Report} pairs {@code xxxBare} with {@code xxxMetered}.)
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 2, jvmArgsAppend = { "-Xms1g", "-Xmx1g" })
public class ModelCallBenchmarks {

	private static final Prompt PROMPT = new Prompt(List.of(
			new SystemMessage("You are the support assistant of an online service. Answer briefly."),
			new UserMessage("What is the refund policy for annual plans?")));

	/**
	 * The stub called directly, observed by nobody: {@code modelCallBare} minus this is what Spring AI's own
	 * chat-model observation and metrics cost per call.
	 */
	@Benchmark
	public ChatResponse modelCallUnobserved(UnobservedModel model) {
		return model.chatModel.call(PROMPT);
	}

	@Benchmark
	public ChatResponse modelCallBare(BareModel model) {
		return model.chatModel.call(PROMPT);
	}

	@Benchmark
	public ChatResponse modelCallMetered(MeteredModel model) {
		return model.chatModel.call(PROMPT);
	}

	abstract static class Model {

		private ConfigurableApplicationContext context;

		ChatModel chatModel;

		void start(Variant variant) {
			this.context = BenchmarkApplication.start(variant);
			this.chatModel = this.context.getBean(ChatModel.class);
		}

		void stop() {
			this.context.close();
		}

	}

	@State(Scope.Benchmark)
	public static class UnobservedModel extends Model {

		@Setup(Level.Trial)
		public void setUp() {
			start(Variant.BARE);
		}

		@TearDown(Level.Trial)
		public void tearDown() {
			stop();
		}

	}

	@State(Scope.Benchmark)
	public static class BareModel extends Model {

		@Setup(Level.Trial)
		public void setUp() {
			start(Variant.MODEL_OBSERVED);
		}

		@TearDown(Level.Trial)
		public void tearDown() {
			stop();
		}

	}

	@State(Scope.Benchmark)
	public static class MeteredModel extends Model {

		@Setup(Level.Trial)
		public void setUp() {
			start(Variant.MODEL_OBSERVED_METERED);
		}

		@TearDown(Level.Trial)
		public void tearDown() {
			stop();
		}

	}

}
