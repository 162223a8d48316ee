package io.tokenmeter.core.pricing.internal;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tokenmeter.core.budget.internal.BudgetTracker;
import io.tokenmeter.core.attribution.CallAttribution;
import io.tokenmeter.core.call.CallOutcome;
import io.tokenmeter.core.call.LlmCall;
import io.tokenmeter.core.call.internal.MeteringFailures;
import io.tokenmeter.core.call.internal.MeteringStage;
import io.tokenmeter.core.lifecycle.LlmCallRecorder.StagedListener;
import io.tokenmeter.core.lifecycle.LlmCallRecorder;
import io.tokenmeter.core.metrics.internal.TokenMeterMetrics;
import io.tokenmeter.core.pricing.CostCalculator;
import io.tokenmeter.core.pricing.ModelPrice;
import io.tokenmeter.core.pricing.ModelRate;
import io.tokenmeter.core.pricing.PriceEntry;
import io.tokenmeter.core.pricing.RateTable;
import io.tokenmeter.core.pricing.UnknownModelPolicy;
import io.tokenmeter.core.pricing.UnpricedModel;
import io.tokenmeter.core.pricing.UnpricedModelException;
import io.tokenmeter.core.usage.TokenUsage;
import io.tokenmeter.testsupport.Calls;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.within;

@ExtendWith(OutputCaptureExtension.class)
class CallPricerTests {

	private final RateTable table = new RateTable(
			List.of(new PriceEntry(null, ModelPrice.of("gpt-4o", ModelRate.of(new BigDecimal("2.50"),
					new BigDecimal("10.00"), new BigDecimal("1.25"), null, null, null)), List.of(), List.of("gpt-4o-20*"))),
			Map.of());

	private final CostCalculator calculator = new CostCalculator(Map.of());

	@Test
	void aKnownModelIsPricedFromItsUsage() {
		CallPricer pricer = new CallPricer(this.table, this.calculator, UnknownModelPolicy.WARN);

		// 200 × $2.50/M + 1,000 × $1.25/M + 300 × $10/M = $0.0005 + $0.00125 + $0.003
		assertThat(pricer.price(call("gpt-4o-2024-08-06", "gpt-4o", TokenUsage.of(200, 1_000, 0, 0, 300, 0))))
			.isEqualByComparingTo("0.00475");
	}

	@Test
	void aDatedSnapshotOfTheRequestedModelIsPricedAtItsRates() {
		RateTable onlyAlias = new RateTable(List.of(new PriceEntry(null,
				ModelPrice.of("acme-o3", ModelRate.of("2.00", "8.00")), List.of("o3"), List.of())), Map.of());
		CallPricer pricer = new CallPricer(onlyAlias, this.calculator, UnknownModelPolicy.WARN);

		// requested o3 (an alias of acme-o3), answered o3-2025-04-16: 1,000 in × $2/M + 500 out × $8/M
		assertThat(pricer.price(call("o3-2025-04-16", "o3", TokenUsage.of(1_000, 0, 0, 0, 500, 0))))
			.isEqualByComparingTo("0.006");
	}

	@Test
	void aDifferentAnsweringModelIsUnpricedWhateverWasRequested(CapturedOutput output) {
		CallPricer pricer = new CallPricer(this.table, this.calculator, UnknownModelPolicy.WARN);

		assertThat(pricer.price(call("gpt-4o-canary-7", "gpt-4o", TokenUsage.of(1_000, 0, 0, 0, 0, 0)))).isNull();
		assertThat(pricer.price(call("qwen2.5-72b", "gpt-4o-mini", TokenUsage.of(1_000, 0, 0, 0, 0, 0)))).isNull();

		assertThat(output).contains("no price for model 'gpt-4o-canary-7'")
			.contains("answered a request for 'gpt-4o' and is not priced at that model's rates");
		// The same syntax as the startup check's (PricingConfigurationTests), for .properties and for YAML.
		assertThat(output).contains("tokenmeter.pricing.models[qwen2.5-72b].input=... and "
				+ "tokenmeter.pricing.models[qwen2.5-72b].output=...")
			.contains("\"[qwen2.5-72b]\": {input: ..., output: ...} under tokenmeter.pricing.models")
			.doesNotContain("models.[");
		assertThat(pricer.unpricedModels().snapshot()).containsExactly(
				new UnpricedModel("gpt-4o-canary-7", "openai", "gpt-4o", 1),
				new UnpricedModel("qwen2.5-72b", "openai", "gpt-4o-mini", 1));
	}

	@Test
	void unpricedModelsSeenAreBoundedAndTheRestCounted() {
		UnpricedModels unpriced = new UnpricedModels(2);
		for (String model : List.of("a", "b", "c", "a", "d")) {
			unpriced.add("openai", model, null);
		}

		assertThat(unpriced.snapshot()).extracting(UnpricedModel::model).containsExactly("a", "b");
		assertThat(unpriced.callsBeyondLimit()).isEqualTo(2);
	}

	@Test
	void warnLeavesAnUnknownModelUnpricedAndWarnsOncePerModel(CapturedOutput output) {
		CallPricer pricer = new CallPricer(this.table, this.calculator, UnknownModelPolicy.WARN);

		assertThat(pricer.price(call("mistral-large-latest", null, TokenUsage.of(10, 0, 0, 0, 10, 0)))).isNull();
		assertThat(pricer.price(call("mistral-large-latest", null, TokenUsage.of(10, 0, 0, 0, 10, 0)))).isNull();

		assertThat(output.toString().split("no price for model 'mistral-large-latest'", -1)).hasSize(2);
		assertThat(output).contains("tokenmeter.pricing.models");
	}

	@Test
	void ignoreLeavesAnUnknownModelUnpricedWithoutALog(CapturedOutput output) {
		CallPricer pricer = new CallPricer(this.table, this.calculator, UnknownModelPolicy.IGNORE);

		assertThat(pricer.price(call("mistral-large-latest", null, TokenUsage.of(10, 0, 0, 0, 10, 0)))).isNull();
		assertThat(output).doesNotContain("mistral-large-latest");
	}

	@Test
	void failRefusesToPriceAnUnknownModel() {
		CallPricer pricer = new CallPricer(this.table, this.calculator, UnknownModelPolicy.FAIL);

		assertThatExceptionOfType(UnpricedModelException.class)
			.isThrownBy(() -> pricer.price(call("mistral-large-latest", null, TokenUsage.of(10, 0, 0, 0, 10, 0))))
			.withMessageContaining("mistral-large-latest");
	}

	@Test
	void anUnknownModelIsNeverPricedAsZeroAndItsTokensStillCount() {
		for (UnknownModelPolicy policy : UnknownModelPolicy.values()) {
			SimpleMeterRegistry registry = new SimpleMeterRegistry();
			MeteringFailures failures = new MeteringFailures(java.time.Duration.ofMinutes(1));
			LlmCallRecorder recorder = new LlmCallRecorder(new CallPricer(this.table, this.calculator, policy), BudgetTracker.none(),
					List.of(new StagedListener(MeteringStage.METRICS, new TokenMeterMetrics(registry, true, 100, failures))),
					failures);

			LlmCall recorded = recorder.record(call("mistral-large-latest", null, TokenUsage.of(10, 0, 0, 0, 20, 0)));

			assertThat(recorded.cost()).as(policy.name()).isNull();
			assertThat(registry.find("llm.cost").counters()).as(policy.name())
				.allSatisfy(counter -> assertThat(counter.count()).isZero());
			assertThat(registry.get("llm.calls.unpriced").tag("model", "mistral-large-latest").counter().count())
				.as(policy.name())
				.isEqualTo(1);
			assertThat(registry.get("llm.tokens").tag("type", "output").counter().count()).isEqualTo(20);
		}
	}

	@Test
	void eightThreadsOfTenThousandCallsAddUpExactly() throws Exception {
		SimpleMeterRegistry registry = new SimpleMeterRegistry();
		MeteringFailures failures = new MeteringFailures(java.time.Duration.ofMinutes(1));
		List<BigDecimal> recordedCosts = Collections.synchronizedList(new ArrayList<>());
		LlmCallRecorder recorder = new LlmCallRecorder(
				new CallPricer(this.table, this.calculator, UnknownModelPolicy.WARN), BudgetTracker.none(),
				List.of(new StagedListener(MeteringStage.METRICS, new TokenMeterMetrics(registry, true, 100, failures)),
						new StagedListener(MeteringStage.LEDGER, call -> recordedCosts.add(call.cost()))),
				failures);
		ExecutorService pool = Executors.newFixedThreadPool(8);
		List<Future<?>> threads = new ArrayList<>();
		for (int t = 0; t < 8; t++) {
			threads.add(pool.submit(() -> {
				for (int i = 1; i <= 10_000; i++) {
					recorder.record(call("gpt-4o-2024-08-06", "gpt-4o", TokenUsage.of(i, 1, 0, 0, 3, 0)));
				}
			}));
		}
		for (Future<?> thread : threads) {
			thread.get(60, TimeUnit.SECONDS);
		}
		pool.shutdown();

		// Per thread: Σ(i=1..10,000) i × $2.50/M + 10,000 × (1 × $1.25/M + 3 × $10/M)
		// = 50,005,000 × $2.50/M + 10,000 × $31.25/M = $125.0125 + $0.3125 = $125.325; × 8 threads = $1,002.6
		BigDecimal expected = new BigDecimal("1002.6");
		assertThat(recordedCosts).hasSize(80_000);
		assertThat(recordedCosts.stream().reduce(BigDecimal.ZERO, BigDecimal::add)).isEqualByComparingTo(expected);
		double counted = registry.get("llm.cost").counter().count();
		assertThat(counted).isCloseTo(expected.doubleValue(), within(expected.doubleValue() * 1e-9));
		assertThat(java.util.Arrays.stream(MeteringStage.values()).mapToLong(failures::count).sum()).isZero();
	}

	private static LlmCall call(String model, String requestedModel, TokenUsage usage) {
		return Calls.chat(model).requestedModel(requestedModel).usage(usage).build();
	}

}
