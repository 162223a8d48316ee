package io.tokenmeter.benchmarks;

import java.io.IOException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.tokenmeter.TokenMeter;
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
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.springframework.ai.chat.client.ChatClient;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.util.FileSystemUtils;

/**
 * A {@code ChatClient} call and stream, bare and metered, against the {@link OpenAiLikeChatModel} stub. Every pair
 * runs the same request through a {@code ChatClient} built by the same auto-configuration; the metered one has the
 * tokenmeter advisor, the bare one does not. (Names matter: {@link Report} pairs {@code xxxBare} with
 * {@code xxxMetered}.)
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 2, jvmArgsAppend = { "-Xms1g", "-Xmx1g" })
public class ChatClientBenchmarks {

	private static final String SYSTEM = "You are the support assistant of an online service. Answer briefly.";

	private static final String QUESTION = "What is the refund policy for annual plans?";

	/** Sync call: one model round trip through the whole ChatClient. */
	@Benchmark
	public ChatResponse callBare(BareClient client, Caller caller) {
		return client.call(caller);
	}

	@Benchmark
	public ChatResponse callMetered(MeteredClient client, Caller caller) {
		return client.call(caller);
	}

	/** The sync call without call-site cost (neither its advisor nor its observation handler). */
	@Benchmark
	public ChatResponse callMeteredWithoutCallCost(WithoutCallCostClient client, Caller caller) {
		return client.call(caller);
	}

	/** The sync call with Spring AI's advisor observation left on for tokenmeter's advisor. */
	@Benchmark
	public ChatResponse callMeteredObserved(ObservedClient client, Caller caller) {
		return client.call(caller);
	}

	/** The sync call with the JSONL ledger on: every call record is also queued for a daily file. */
	@Benchmark
	public ChatResponse callMeteredLedger(LedgerClient client, Caller caller) {
		return client.call(caller);
	}

	/** Control: an advisor that does nothing where tokenmeter's sits (what Spring AI charges for one more advisor). */
	@Benchmark
	public ChatResponse callPassThrough(PassThroughClient client, Caller caller) {
		return client.call(caller);
	}

	/** A 500-chunk stream plus OpenAI's final usage chunk, consumed to the end. */
	@Benchmark
	public ChatResponse streamBare(BareClient client, Caller caller) {
		return client.stream(caller);
	}

	@Benchmark
	public ChatResponse streamMetered(MeteredClient client, Caller caller) {
		return client.stream(caller);
	}

	/** Control: the same stream through a do-nothing advisor where tokenmeter's sits. */
	@Benchmark
	public ChatResponse streamPassThrough(PassThroughClient client, Caller caller) {
		return client.stream(caller);
	}

	/** Eight threads calling one shared client (two cores here): contention in meters and budgets shows up. */
	@Benchmark
	@Threads(8)
	@BenchmarkMode(Mode.Throughput)
	@OutputTimeUnit(TimeUnit.SECONDS)
	public ChatResponse concurrentCallBare(BareClient client, Caller caller) {
		return client.call(caller);
	}

	@Benchmark
	@Threads(8)
	@BenchmarkMode(Mode.Throughput)
	@OutputTimeUnit(TimeUnit.SECONDS)
	public ChatResponse concurrentCallMetered(MeteredClient client, Caller caller) {
		return client.call(caller);
	}

	/**
	 * Control at eight threads: the do-nothing advisor where tokenmeter's sits. Its ratio to bare is the floor of
	 * metered / bare: what Spring AI charges for one more advisor, before tokenmeter does anything.
	 */
	@Benchmark
	@Threads(8)
	@BenchmarkMode(Mode.Throughput)
	@OutputTimeUnit(TimeUnit.SECONDS)
	public ChatResponse concurrentCallPassThrough(PassThroughClient client, Caller caller) {
		return client.call(caller);
	}

	/** Who calls: each benchmark thread is its own user of one agent (so per-user budgets see distinct keys). */
	@State(Scope.Thread)
	public static class Caller {

		private static final AtomicInteger THREADS = new AtomicInteger();

		String agent = "support-bot";

		String user;

		@Setup
		public void name() {
			this.user = "user-" + THREADS.getAndIncrement() % 8;
		}

	}

	/** One application context and the ChatClient it builds, shared by all threads of a benchmark. */
	abstract static class Client {

		private ConfigurableApplicationContext context;

		private ChatClient chatClient;

		void start(Variant variant) {
			this.context = BenchmarkApplication.start(variant);
			this.chatClient = BenchmarkApplication.chatClient(this.context);
		}

		void start(Variant variant, PassThroughAdvisor advisor) {
			this.context = BenchmarkApplication.start(variant);
			this.chatClient = this.context.getBean(ChatClient.Builder.class).defaultAdvisors(advisor).build();
		}

		void stop() {
			this.context.close();
		}

		ConfigurableApplicationContext context() {
			return this.context;
		}

		ChatResponse call(Caller caller) {
			return this.chatClient.prompt()
				.system(SYSTEM)
				.user(QUESTION)
				.advisors(a -> a.param(TokenMeter.AGENT, caller.agent).param(TokenMeter.USER, caller.user))
				.call()
				.chatResponse();
		}

		ChatResponse stream(Caller caller) {
			return this.chatClient.prompt()
				.system(SYSTEM)
				.user(QUESTION)
				.advisors(a -> a.param(TokenMeter.AGENT, caller.agent).param(TokenMeter.USER, caller.user))
				.stream()
				.chatResponse()
				.blockLast();
		}

	}

	@State(Scope.Benchmark)
	public static class BareClient extends Client {

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
	public static class MeteredClient extends Client {

		@Setup(Level.Trial)
		public void setUp() {
			start(Variant.METERED);
		}

		@TearDown(Level.Trial)
		public void tearDown() {
			stop();
		}

	}

	@State(Scope.Benchmark)
	public static class PassThroughClient extends Client {

		@Setup(Level.Trial)
		public void setUp() {
			start(Variant.CONTROL, new PassThroughAdvisor());
		}

		@TearDown(Level.Trial)
		public void tearDown() {
			stop();
		}

	}

	@State(Scope.Benchmark)
	public static class LedgerClient extends Client {

		@Setup(Level.Trial)
		public void setUp() throws Exception {
			start(Variant.METERED_JSONL_LEDGER);
			Class<?> writer = Class.forName("io.tokenmeter.core.ledger.internal.JsonlLedgerWriter");
			if (context().getBeanNamesForType(writer).length == 0) {
				stop();
				throw new IllegalStateException("tokenmeter.ledger.jsonl.enabled=true started no JSONL ledger writer");
			}
		}

		@TearDown(Level.Trial)
		public void tearDown() throws IOException {
			stop();
			FileSystemUtils.deleteRecursively(Variant.LedgerDirectory.PATH);
		}

	}

	@State(Scope.Benchmark)
	public static class ObservedClient extends Client {

		@Setup(Level.Trial)
		public void setUp() {
			start(Variant.METERED_OBSERVED);
		}

		@TearDown(Level.Trial)
		public void tearDown() {
			stop();
		}

	}

	@State(Scope.Benchmark)
	public static class WithoutCallCostClient extends Client {

		@Setup(Level.Trial)
		public void setUp() {
			start(Variant.METERED_WITHOUT_CALL_COST);
		}

		@TearDown(Level.Trial)
		public void tearDown() {
			stop();
		}

	}

}
