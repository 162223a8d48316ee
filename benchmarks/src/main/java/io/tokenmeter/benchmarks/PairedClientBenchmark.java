package io.tokenmeter.benchmarks;

import java.io.File;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CyclicBarrier;
import java.util.function.BiFunction;

import io.tokenmeter.benchmarks.ChatClientBenchmarks.Caller;
import io.tokenmeter.benchmarks.ChatClientBenchmarks.Client;
import org.springframework.ai.chat.model.ChatResponse;
import tools.jackson.databind.json.JsonMapper;

/**
 * The {@code ChatClient} differences of issue 19 (metered − control, metered without call-site cost − control,
 * control − bare), measured paired and interleaved in one JVM, because independent JMH runs of 20 µs calls
 * drift by 10–20 % between iterations on a shared 2-core machine and their difference comes out ± 2–5 µs.
 *
 * <p>The four clients of {@link ChatClientBenchmarks} (bare, the do-nothing-advisor control, metered, metered
 * without call-site cost; the same applications, the same {@link Caller} and request) are started side by
 * side and warmed up in turns. Then, until the time is up, <em>rounds</em>: each client runs a short block (100 calls,
 * or one stream; 2–4 ms) in a rotated order and then again in the reverse order (A B C D D C B A, next round
 * B C D A A D C B, ...), every block timed with {@code System.nanoTime}. Each client's two blocks sit symmetrically
 * around the middle of the round, so a change of the machine's speed that is linear over a round (about 20 ms)
 * cancels from every difference; the rotation spreads what one block leaves to the next over all clients. A round
 * gives one value per difference (the difference of the two clients' mean times per call in that round). A block
 * that another process interrupts is an outlier of its round, so the report takes a trimmed mean over the rounds
 * with its 99.9 % interval ({@link Report#trimmedStats}).
 *
 * <p>GC: a call allocates about 21 KB, so a young collection comes every few thousand calls, and its pause (a few
 * milliseconds) would land in whichever block is running. A round allocates well under an eden, and a round during
 * which a collection ran is left out of the differences (every client is in every round, so leaving one out favours
 * none); the collections' pause time is then charged back to every client by the bytes it allocated (pause time of
 * the measurement / bytes allocated by all clients, times each client's bytes per call, counted over all threads
 * with {@code ThreadMXBean}). A young collection's cost follows what survives, not what was allocated; for garbage
 * this short-lived it is the same per byte for every client.
 *
 * <p>The JSONL ledger's cost (issue 19: ledger on − off ≤ 2 µs per call) is measured the same way, as a third
 * part: the metered client against the same with the JSONL ledger on, in blocks of {@value #LEDGER_CALLS_PER_BLOCK}
 * calls (independent JMH runs could not decide it: ± 2.6–3.0 µs).
 *
 * <p>Eight threads (issue 19: metered / bare throughput ≥ 0.95) are a fourth part: bare, the control and metered,
 * each block run by {@value #THREADS_AT_ONCE} threads at once ({@value #CONCURRENT_CALLS_PER_THREAD} calls each, the
 * threads started together and the block timed until the last one finishes), in the same rotated rounds; a round
 * gives each pair's throughput ratio (the inverse ratio of their blocks' times). Independent JMH runs of the pair
 * measured 0.72 ± 0.20 even once warm: the machine's speed changes between their iterations.
 *
 * <p>Usage: {@code java -Xms1g -Xmx1g -cp benchmarks.jar io.tokenmeter.benchmarks.PairedClientBenchmark
 * [--quick] [--warmup s] [--seconds s] result.json} warms up 20 s and measures 90 s, for calls, for streams, for
 * the ledger pair and for eight threads each (quick: 4 s and 8 s), and writes the rounds as JSON for {@link Report}. Progress goes to
 * standard error.
 */
public final class PairedClientBenchmark {

	/** The clients compared, in the JSON's order (the names {@link Report} looks up). */
	static final List<String> CLIENTS = List.of("bare", "control", "metered", "meteredWithoutCallCost");

	/** The JSONL ledger's pair: the metered client with the ledger off and on. */
	static final List<String> LEDGER_CLIENTS = List.of("metered", "meteredLedger");

	/** Calls in one timed block: about 2 ms, so the machine's speed changes little within a round. */
	static final int CALLS_PER_BLOCK = 100;

	/** Streams of 501 chunks in one timed block: about 3 ms. */
	static final int STREAMS_PER_BLOCK = 1;

	/**
	 * Calls in one timed block of the ledger pair: about 10 ms, so the ledger writer's last batch of a block, which
	 * it writes on its own thread while the next block runs, is a small share of any block.
	 */
	static final int LEDGER_CALLS_PER_BLOCK = 500;

	/** The clients of the eight-thread part: bare, the control and metered. */
	static final List<String> CONCURRENT_CLIENTS = List.of("bare", "control", "metered");

	/** Threads calling one client at once in the eight-thread part (as {@code ChatClientBenchmarks.concurrentCall*}). */
	static final int THREADS_AT_ONCE = 8;

	/**
	 * Calls per thread in one block of the eight-thread part: 400 calls on two cores, about 4 ms, so the threads'
	 * start and the wait for the last one (tens of microseconds, the same for every client) are a small share.
	 */
	static final int CONCURRENT_CALLS_PER_THREAD = 50;

	private static final com.sun.management.ThreadMXBean THREADS = (com.sun.management.ThreadMXBean) ManagementFactory
		.getThreadMXBean();

	private final Caller caller = new Caller();

	/** Where each response goes, so no call is optimised away. */
	private volatile ChatResponse sink;

	private PairedClientBenchmark() {
		this.caller.name();
	}

	public static void main(String[] args) throws Exception {
		// Seconds of warm-up and of measurement, for calls and for streams each.
		double warmup = 20;
		double measure = 90;
		String output = null;
		for (int i = 0; i < args.length; i++) {
			switch (args[i]) {
				case "--quick" -> {
					warmup = 4;
					measure = 8;
				}
				case "--warmup" -> warmup = Double.parseDouble(args[++i]);
				case "--seconds" -> measure = Double.parseDouble(args[++i]);
				default -> output = args[i];
			}
		}
		if (output == null) {
			System.err.println("usage: PairedClientBenchmark [--quick] [--warmup s] [--seconds s] <result.json>");
			System.exit(2);
		}
		ChatClientBenchmarks.BareClient bare = new ChatClientBenchmarks.BareClient();
		ChatClientBenchmarks.PassThroughClient control = new ChatClientBenchmarks.PassThroughClient();
		ChatClientBenchmarks.MeteredClient metered = new ChatClientBenchmarks.MeteredClient();
		ChatClientBenchmarks.WithoutCallCostClient withoutCallCost = new ChatClientBenchmarks.WithoutCallCostClient();
		ChatClientBenchmarks.LedgerClient ledger = new ChatClientBenchmarks.LedgerClient();
		bare.setUp();
		control.setUp();
		metered.setUp();
		withoutCallCost.setUp();
		ledger.setUp();
		List<Client> clients = List.of(bare, control, metered, withoutCallCost);
		try {
			PairedClientBenchmark benchmark = new PairedClientBenchmark();
			Map<String, Object> result = new LinkedHashMap<>();
			result.put("calls", benchmark.measure("calls", clients, CLIENTS, benchmark.inOneThread(Client::call), 1,
					CALLS_PER_BLOCK, warmup, measure));
			result.put("streams", benchmark.measure("streams", clients, CLIENTS,
					benchmark.inOneThread(Client::stream), OpenAiLikeChatModel.STREAM_CONTENT_CHUNKS + 1,
					STREAMS_PER_BLOCK, warmup, measure));
			result.put("ledger", benchmark.measure("ledger", List.of(metered, ledger), LEDGER_CLIENTS,
					benchmark.inOneThread(Client::call), 1, LEDGER_CALLS_PER_BLOCK, warmup, measure));
			try (ThreadsAtOnce threads = new ThreadsAtOnce(THREADS_AT_ONCE)) {
				result.put("concurrent", benchmark.measure("concurrent", List.of(bare, control, metered),
						CONCURRENT_CLIENTS, threads, 1, THREADS_AT_ONCE * CONCURRENT_CALLS_PER_THREAD, warmup,
						measure));
			}
			JsonMapper.builder().build().writerWithDefaultPrettyPrinter().writeValue(new File(output), result);
		}
		finally {
			clients.forEach(Client::stop);
			ledger.tearDown();
		}
	}

	/**
	 * Warms up, then measures rounds until the time is up.
	 * @param clients the clients compared, named by {@code names} in the JSON
	 * @param block runs and times one block of operations on a client
	 * @param per units per operation (1 per call, the chunks per stream)
	 * @param opsPerBlock operations in one timed block
	 */
	private Map<String, Object> measure(String what, List<Client> clients, List<String> names,
			Block block, int per, int opsPerBlock, double warmupSeconds, double seconds) {
		int n = clients.size();
		long warmupEnd = System.nanoTime() + (long) (warmupSeconds * 1e9);
		for (int round = 0; System.nanoTime() < warmupEnd; round++) {
			for (int i = 0; i < 2 * n; i++) {
				block.run(clients.get(position(round, i, n)), opsPerBlock);
			}
		}
		System.err.printf("paired %s: warmed up %.0f s, measuring %.0f s%n", what, warmupSeconds, seconds);
		List<Map<String, Object>> rounds = new ArrayList<>();
		long[] bytes = new long[n];
		long[] operations = new long[n];
		long gcMillis = gcMillis();
		long gcCount = gcCount();
		long end = System.nanoTime() + (long) (seconds * 1e9);
		for (int round = 0; System.nanoTime() < end; round++) {
			long[] nanos = new long[n];
			long collections = gcCount();
			for (int i = 0; i < 2 * n; i++) {
				int client = position(round, i, n);
				long allocated = allocatedBytes();
				nanos[client] += block.run(clients.get(client), opsPerBlock);
				bytes[client] += allocatedBytes() - allocated;
				operations[client] += opsPerBlock;
			}
			double[] perOperation = new double[n];
			for (int client = 0; client < n; client++) {
				perOperation[client] = nanos[client] / (2.0 * opsPerBlock);
			}
			Map<String, Object> row = new LinkedHashMap<>();
			row.put("gc", gcCount() - collections);
			row.put("nanosPerOperation", perOperation);
			rounds.add(row);
		}
		Map<String, Object> result = new LinkedHashMap<>();
		result.put("clients", names);
		result.put("unitsPerOperation", per);
		result.put("operationsPerBlock", opsPerBlock);
		result.put("warmupSeconds", warmupSeconds);
		result.put("seconds", seconds);
		double[] bytesPerOperation = new double[n];
		long totalBytes = 0;
		for (int client = 0; client < n; client++) {
			bytesPerOperation[client] = (double) bytes[client] / operations[client];
			totalBytes += bytes[client];
		}
		result.put("bytesPerOperation", bytesPerOperation);
		result.put("bytes", totalBytes);
		result.put("gcCount", gcCount() - gcCount);
		result.put("gcMillis", gcMillis() - gcMillis);
		result.put("rounds", rounds);
		System.err.printf("paired %s: %d rounds, %d with a collection%n", what, rounds.size(),
				rounds.stream().filter(row -> (long) row.get("gc") > 0).count());
		return result;
	}

	/** The client at position i of a round: a rotation of the clients, then the same in reverse. */
	private static int position(int round, int i, int n) {
		int k = i < n ? i : 2 * n - 1 - i;
		return (k + round) % n;
	}

	/** Runs a block of operations on one client and returns its nanoseconds. */
	@FunctionalInterface
	interface Block {

		long run(Client client, int operations);

	}

	/** Blocks run on the calling thread, one operation after the other. */
	private Block inOneThread(BiFunction<Client, Caller, ChatResponse> operation) {
		return (client, operations) -> {
			long start = System.nanoTime();
			for (int i = 0; i < operations; i++) {
				this.sink = operation.apply(client, this.caller);
			}
			return System.nanoTime() - start;
		};
	}

	/**
	 * Blocks of calls run by several threads at once, each its own {@link Caller} (its own user, as in the JMH
	 * eight-thread benchmarks), each making an equal share of the block's calls; timed from the start signal to the
	 * last thread's end, so the block's time is the inverse of the client's throughput at that concurrency.
	 */
	private static final class ThreadsAtOnce implements Block, AutoCloseable {

		private final List<Thread> threads = new ArrayList<>();

		private final CyclicBarrier start;

		private final CyclicBarrier end;

		private volatile Client client;

		private volatile int callsPerThread;

		private volatile boolean closed;

		/** Where each response goes, so no call is optimised away. */
		private volatile ChatResponse sink;

		ThreadsAtOnce(int count) {
			this.start = new CyclicBarrier(count + 1);
			this.end = new CyclicBarrier(count + 1);
			for (int i = 0; i < count; i++) {
				Caller caller = new Caller();
				caller.name();
				Thread thread = new Thread(() -> work(caller), "paired-concurrent-" + i);
				thread.setDaemon(true);
				this.threads.add(thread);
				thread.start();
			}
		}

		private void work(Caller caller) {
			try {
				while (true) {
					this.start.await();
					if (this.closed) {
						return;
					}
					Client current = this.client;
					for (int i = 0, calls = this.callsPerThread; i < calls; i++) {
						this.sink = current.call(caller);
					}
					this.end.await();
				}
			}
			catch (InterruptedException | BrokenBarrierException ex) {
				Thread.currentThread().interrupt();
			}
		}

		@Override
		public long run(Client client, int operations) {
			this.client = client;
			this.callsPerThread = operations / this.threads.size();
			try {
				long begin = System.nanoTime();
				this.start.await();
				this.end.await();
				return System.nanoTime() - begin;
			}
			catch (InterruptedException | BrokenBarrierException ex) {
				throw new IllegalStateException("the concurrent block did not complete", ex);
			}
		}

		@Override
		public void close() throws Exception {
			this.closed = true;
			this.start.await();
			for (Thread thread : this.threads) {
				thread.join();
			}
		}

	}

	/** Bytes allocated so far by all live threads (a stream's chunks may be handled on Reactor's threads). */
	private static long allocatedBytes() {
		long total = 0;
		for (long bytes : THREADS.getThreadAllocatedBytes(THREADS.getAllThreadIds())) {
			total += Math.max(bytes, 0);
		}
		return total;
	}

	private static long gcCount() {
		long count = 0;
		for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
			count += Math.max(gc.getCollectionCount(), 0);
		}
		return count;
	}

	private static long gcMillis() {
		long millis = 0;
		for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
			millis += Math.max(gc.getCollectionTime(), 0);
		}
		return millis;
	}

}
