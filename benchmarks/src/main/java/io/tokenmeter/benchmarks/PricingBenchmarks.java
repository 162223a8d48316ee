package io.tokenmeter.benchmarks;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.tokenmeter.core.attribution.CallAttribution;
import io.tokenmeter.core.call.CallOutcome;
import io.tokenmeter.core.call.LlmCall;
import io.tokenmeter.core.pricing.internal.CallPricer;
import io.tokenmeter.core.pricing.CostCalculator;
import io.tokenmeter.core.pricing.ModelPrice;
import io.tokenmeter.core.pricing.ModelRate;
import io.tokenmeter.core.pricing.PriceEntry;
import io.tokenmeter.core.pricing.RateTable;
import io.tokenmeter.core.pricing.ServiceTierPrice;
import io.tokenmeter.core.pricing.UnknownModelPolicy;
import io.tokenmeter.core.usage.TokenUsage;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Price lookup in a rate table of {@value #MODELS} models, each with a dated-snapshot pattern (some with
 * aliases, some scoped to a provider). A lookup is answered from the per-id cache after the first time; the
 * {@code resolve*} cases measure the first sight of an id (exact, alias and pattern scan), which is also what
 * every lookup costs once the cache is full of distinct ids.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 2, jvmArgsAppend = { "-Xms1g", "-Xmx1g" })
public class PricingBenchmarks {

	static final int MODELS = 2_000;

	/** Distinct ids the rate table caches per provider (RateTable.MAX_CACHED_IDS). */
	private static final int CACHE_CAPACITY = 10_000;

	private static final String PROVIDER = "openai";

	private static final String KNOWN_ID = OpenAiLikeChatModel.RESPONSE_MODEL;

	private static final String UNKNOWN_ID = "acme-reasoner-large-2025-06-01";

	@Benchmark
	public ModelPrice lookupKnownId(Tables tables) {
		return tables.cached.find(PROVIDER, KNOWN_ID);
	}

	@Benchmark
	public ModelPrice lookupUnknownId(Tables tables) {
		return tables.cached.find(PROVIDER, UNKNOWN_ID);
	}

	@Benchmark
	public ModelPrice resolveKnownId(Tables tables) {
		return tables.cacheFull.find(PROVIDER, KNOWN_ID);
	}

	@Benchmark
	public ModelPrice resolveUnknownId(Tables tables) {
		return tables.cacheFull.find(PROVIDER, UNKNOWN_ID);
	}

	/** Lookup plus the cost of the stub's usage: what pricing adds to a metered call. */
	@Benchmark
	public BigDecimal priceCall(Tables tables) {
		return tables.pricer.price(tables.call);
	}

	/** Startup cost: building the table checks every pair of patterns for ambiguous overlaps. */
	@Benchmark
	@BenchmarkMode(Mode.SingleShotTime)
	@OutputTimeUnit(TimeUnit.MILLISECONDS)
	public RateTable buildTable() {
		return rateTable();
	}

	@State(Scope.Benchmark)
	public static class Tables {

		RateTable cached;

		RateTable cacheFull;

		CallPricer pricer;

		LlmCall call;

		@Setup
		public void build() {
			this.cached = rateTable();
			this.cacheFull = rateTable();
			for (int i = 0; i < CACHE_CAPACITY; i++) {
				this.cacheFull.find(PROVIDER, "filler-model-" + i);
			}
			this.pricer = new CallPricer(this.cached,
					new CostCalculator(Map.of("batch", ServiceTierPrice.multiplier(new BigDecimal("0.5")))),
					UnknownModelPolicy.IGNORE);
			// The stub's usage, normalized: 400 uncached + 800 cached input, 350 output of which 128 reasoning.
			this.call = LlmCall.builder()
				.timestamp(Instant.now())
				.durationNanos(1_000_000)
				.provider(PROVIDER)
				.requestedModel(OpenAiLikeChatModel.REQUESTED_MODEL)
				.model(KNOWN_ID)
				.attribution(new CallAttribution("support-bot", "user-0", null))
				.outcome(CallOutcome.SUCCESS)
				.usage(TokenUsage.of(400, 800, 0, 0, 350, 128))
				.finishReason("STOP")
				.build();
		}

	}

	/** 2,000 models of 40 vendors; every model has a dated-snapshot pattern, every fifth an alias. */
	static RateTable rateTable() {
		List<PriceEntry> entries = new ArrayList<>(MODELS + 1);
		entries.add(new PriceEntry(null, ModelPrice.of("gpt-4o", rate(250, 1000)), List.of("chatgpt-4o-latest"),
				List.of("gpt-4o-20*")));
		for (int i = 1; i < MODELS; i++) {
			String vendor = "vendor" + (i % 40);
			String id = vendor + "-model-" + i;
			String provider = i % 10 == 0 ? PROVIDER : null;
			List<String> aliases = i % 5 == 0 ? List.of(id + "-latest") : List.of();
			entries.add(new PriceEntry(provider, ModelPrice.of(id, rate(i % 500 + 1, i % 500 * 4 + 4)), aliases,
					List.of(id + "-20*")));
		}
		return new RateTable(entries, Map.of());
	}

	private static ModelRate rate(int inputCents, int outputCents) {
		return ModelRate.of(BigDecimal.valueOf(inputCents, 2).toPlainString(),
				BigDecimal.valueOf(outputCents, 2).toPlainString());
	}

}
