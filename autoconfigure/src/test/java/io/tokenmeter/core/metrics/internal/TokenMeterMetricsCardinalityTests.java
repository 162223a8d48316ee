package io.tokenmeter.core.metrics.internal;

import java.nio.charset.StandardCharsets;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.tokenmeter.core.attribution.CallAttribution;
import io.tokenmeter.core.call.internal.MeteringFailures;
import io.tokenmeter.core.call.internal.MeteringStage;
import io.tokenmeter.core.usage.TokenType;
import io.tokenmeter.testsupport.Calls;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The agent, model and user tags cannot grow the number of series without bound, whatever the callers send. */
class TokenMeterMetricsCardinalityTests {

	private static final int CALLS = 5_000;

	private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

	@Test
	void fiveThousandAgentsAndFiveThousandModelsStayWithinTheTagLimits() {
		TokenMeterMetrics metrics = new TokenMeterMetrics(this.registry, new TagLimits(true, 100, 100, 100),
				new MeteringFailures(java.time.Duration.ofMinutes(1)));
		meterDistinctAgentsThenDistinctModels(metrics);
		// Agents: agent-0..agent-99 and other, all with gpt-4o (101 tag combinations). Models: gpt-4o took the
		// first of 100 places, so model-0..model-98 and other, all with agent-0 (100 combinations).
		assertThat(seriesOf("llm_call_duration_seconds_count")).isEqualTo(201);
		assertThat(seriesOf("llm_calls_unpriced_total")).isEqualTo(101);
		assertThat(this.registry.get(TokenMeterMetrics.FOLDED).tag("tag", "agent").counter().count()).isEqualTo(4_900);
		assertThat(this.registry.get(TokenMeterMetrics.FOLDED).tag("tag", "model").counter().count()).isEqualTo(4_901);
		assertThat(this.registry.get(TokenMeterMetrics.FOLDED).tag("tag", "user").counter().count()).isZero();
		// Per combination: the timer (count, sum, max), one counter per token type and the cost counter; per model:
		// unpriced and missing-usage counters; then tokenmeter.errors per stage and the three fold counters.
		long expected = 201L * (3 + TokenType.values().length + 1) + 101L * 2 + MeteringStage.values().length + 3;
		String scrape = this.registry.scrape();
		assertThat(samples(scrape)).isEqualTo(expected);
		int bytes = scrape.getBytes(StandardCharsets.UTF_8).length;
		System.out.println("5,000 agents + 5,000 models, limits 100: " + samples(scrape) + " series, " + bytes
				+ " bytes per scrape");
		assertThat(bytes).isLessThan(600_000);
	}

	@Test
	void withoutLimitsTheSameCallsMakeAScrapeManyTimesLarger() {
		TokenMeterMetrics metrics = new TokenMeterMetrics(this.registry, new TagLimits(true, 100, 100_000, 100_000),
				new MeteringFailures(java.time.Duration.ofMinutes(1)));
		meterDistinctAgentsThenDistinctModels(metrics);
		String scrape = this.registry.scrape();
		int bytes = scrape.getBytes(StandardCharsets.UTF_8).length;
		System.out.println("5,000 agents + 5,000 models, no limits: " + samples(scrape) + " series, " + bytes
				+ " bytes per scrape");
		assertThat(seriesOf("llm_call_duration_seconds_count")).isEqualTo(2 * CALLS);
		assertThat(bytes).isGreaterThan(10_000_000);
	}

	@Test
	void controlCharactersInTagValuesAreEscaped() {
		TokenMeterMetrics metrics = new TokenMeterMetrics(this.registry, new TagLimits(true, 100, 100, 100),
				new MeteringFailures(java.time.Duration.ofMinutes(1)));
		metrics.onCall(Calls.chat("gpt\u001b[2J-4o\u0007")
			.attribution(new CallAttribution("agent\r\n# HELP forged", "alice\nbob\u0085", null))
			.build());
		String scrape = this.registry.scrape();
		assertThat(scrape).doesNotContain("\u001b", "\u0007", "\r", "\u0085", "\n# HELP forged");
		assertThat(this.registry.get(TokenMeterMetrics.CALL_DURATION)
			.tag("model", "gpt\\u001b[2J-4o\\u0007")
			.tag("agent", "agent\\r\\n# HELP forged")
			.tag("user", "alice\\nbob\\u0085")
			.timer()
			.count()).isEqualTo(1);
	}

	private static void meterDistinctAgentsThenDistinctModels(TokenMeterMetrics metrics) {
		for (int i = 0; i < CALLS; i++) {
			metrics.onCall(Calls.chat("gpt-4o").attribution(new CallAttribution("agent-" + i, "alice", null)).build());
		}
		for (int i = 0; i < CALLS; i++) {
			metrics.onCall(Calls.chat("model-" + i).attribution(new CallAttribution("agent-0", "alice", null)).build());
		}
	}

	private long seriesOf(String metric) {
		return this.registry.scrape().lines().filter(line -> line.startsWith(metric + "{")).count();
	}

	private static long samples(String scrape) {
		return scrape.lines().filter(line -> !line.isEmpty() && !line.startsWith("#")).count();
	}

}
