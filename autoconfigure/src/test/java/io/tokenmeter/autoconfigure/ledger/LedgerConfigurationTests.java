package io.tokenmeter.autoconfigure.ledger;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tokenmeter.autoconfigure.TokenMeterAutoConfiguration;
import io.tokenmeter.autoconfigure.budget.TokenMeterBudgetAutoConfiguration;
import io.tokenmeter.autoconfigure.pricing.TokenMeterPricingAutoConfiguration;
import io.tokenmeter.core.attribution.CallAttribution;
import io.tokenmeter.core.call.CallOutcome;
import io.tokenmeter.core.call.LlmCall;
import io.tokenmeter.core.ledger.LedgerReader;
import io.tokenmeter.core.ledger.LlmCallRecordedEvent;
import io.tokenmeter.core.ledger.SpendAggregator;
import io.tokenmeter.core.ledger.internal.JsonlLedgerWriter;
import io.tokenmeter.core.ledger.internal.SpendReporter;
import io.tokenmeter.core.lifecycle.LlmCallRecorder;
import io.tokenmeter.core.metrics.internal.LedgerMetrics;
import io.tokenmeter.core.usage.TokenUsage;
import io.tokenmeter.testsupport.Calls;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.EventListener;

import static io.tokenmeter.autoconfigure.StartupFailures.analyze;
import static org.assertj.core.api.Assertions.assertThat;

class LedgerConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(TokenMeterPricingAutoConfiguration.class,
				TokenMeterBudgetAutoConfiguration.class, TokenMeterLedgerAutoConfiguration.class,
				TokenMeterAutoConfiguration.class))
		.withPropertyValues("tokenmeter.pricing.catalog=none", "tokenmeter.pricing.models[gpt-4o].input=2.50",
				"tokenmeter.pricing.models[gpt-4o].output=10.00");

	@TempDir
	Path directory;

	@Test
	void theInMemoryReportIsOnAndTheJsonlLedgerOffByDefault() {
		this.runner.run(context -> {
			assertThat(context).hasSingleBean(SpendAggregator.class).hasSingleBean(SpendReporter.class);
			assertThat(context).doesNotHaveBean(JsonlLedgerWriter.class).doesNotHaveBean(LedgerReader.class);
			assertThat(context.getBean(SpendReporter.class).windowsAvailable()).isFalse();
		});
	}

	@Test
	void theJsonlLedgerIsOnWhenEnabled() {
		this.runner.withPropertyValues("tokenmeter.ledger.jsonl.enabled=true",
				"tokenmeter.ledger.jsonl.directory=" + this.directory)
			.run(context -> {
				assertThat(context).hasSingleBean(JsonlLedgerWriter.class).hasSingleBean(LedgerReader.class);
				assertThat(context.getBean(JsonlLedgerWriter.class).directory()).isEqualTo(this.directory);
				assertThat(context.getBean(SpendReporter.class).windowsAvailable()).isTrue();
			});
	}

	@Test
	void theLedgerCanBeTurnedOffEntirely() {
		this.runner.withPropertyValues("tokenmeter.ledger.enabled=false")
			.run(context -> assertThat(context).doesNotHaveBean(SpendAggregator.class)
				.doesNotHaveBean(SpendReporter.class));
	}

	@Test
	void everyRecordedCallIsPublishedAsAnEventAndAddedUp() {
		this.runner.withUserConfiguration(EventCollector.class).run(context -> {
			LlmCall recorded = context.getBean(LlmCallRecorder.class).record(call("alice"));

			List<LlmCallRecordedEvent> events = context.getBean(EventCollector.class).events;
			assertThat(events).singleElement().satisfies(event -> {
				assertThat(event.record().user()).isEqualTo("alice");
				// 1,000 in × $2.50/M + 200 out × $10/M
				assertThat(event.record().cost()).isEqualByComparingTo("0.0045").isEqualTo(recorded.cost());
			});
			assertThat(context.getBean(SpendAggregator.class).summary().totals().cost()).isEqualByComparingTo("0.0045");
		});
	}

	@Test
	void listenersInAParentContextHearTheEventsOfAChildContext() {
		try (var parent = new org.springframework.context.annotation.AnnotationConfigApplicationContext(
				EventCollector.class)) {
			this.runner.withParent(parent).run(context -> {
				context.getBean(LlmCallRecorder.class).record(call("bob"));

				assertThat(parent.getBean(EventCollector.class).events).singleElement()
					.satisfies(event -> assertThat(event.record().user()).isEqualTo("bob"));
			});
		}
	}

	@Test
	void closingTheContextWritesEveryQueuedRecord() throws IOException {
		this.runner.withPropertyValues("tokenmeter.ledger.jsonl.enabled=true",
				"tokenmeter.ledger.jsonl.directory=" + this.directory)
			.run(context -> {
				LlmCallRecorder recorder = context.getBean(LlmCallRecorder.class);
				for (int i = 0; i < 10_000; i++) {
					recorder.record(call("user-" + i));
				}
				context.close();
			});

		long lines = 0;
		try (var files = Files.list(this.directory)) {
			for (Path file : files.toList()) {
				lines += Files.readAllLines(file, StandardCharsets.UTF_8).size();
			}
		}
		assertThat(lines).isEqualTo(10_000);
	}

	@Test
	void ledgerMetersAreRegisteredWithAMeterRegistry() {
		this.runner.withUserConfiguration(Registry.class)
			.withPropertyValues("tokenmeter.ledger.jsonl.enabled=true",
					"tokenmeter.ledger.jsonl.directory=" + this.directory)
			.run(context -> {
				assertThat(context).hasSingleBean(LedgerMetrics.class);
				MeterRegistry registry = context.getBean(MeterRegistry.class);
				context.getBean(LedgerMetrics.class).bindTo(registry);
				assertThat(registry.get(LedgerMetrics.DROPPED).tag("reason", "queue-full").functionCounter().count())
					.isZero();
				assertThat(registry.get(LedgerMetrics.QUEUED).gauge().value()).isZero();
				assertThat(registry.get(LedgerMetrics.EVICTED).tag("dimension", "user").functionCounter().count())
					.isZero();
			});
	}

	@Test
	void aNegativePreviewLengthFailsStartupNamingTheProperty() {
		this.runner.withPropertyValues("tokenmeter.ledger.preview-chars=-1").run(context -> {
			FailureAnalysis analysis = analyze(context.getStartupFailure());
			assertThat(analysis.getDescription()).contains("tokenmeter.ledger.preview-chars");
			assertThat(analysis.getAction()).contains("200");
		});
	}

	@Test
	void aZeroUserCapFailsStartupNamingTheProperty() {
		this.runner.withPropertyValues("tokenmeter.ledger.max-users=0")
			.run(context -> assertThat(analyze(context.getStartupFailure()).getDescription())
				.contains("tokenmeter.ledger.max-users"));
	}

	@Test
	void moreThanAThousandTopCallsFailStartupNamingThePropertyAndTheRange() {
		this.runner.withPropertyValues("tokenmeter.ledger.top-calls=5000").run(context -> {
			FailureAnalysis analysis = analyze(context.getStartupFailure());
			assertThat(analysis.getDescription()).contains("tokenmeter.ledger.top-calls").contains("between 0 and 1000");
			assertThat(analysis.getAction()).contains("e.g. 10");
		});
	}

	@Test
	void aLedgerDirectoryThatCannotBeCreatedFailsStartupNamingTheProperty() throws IOException {
		Path file = Files.writeString(this.directory.resolve("not-a-directory"), "x");
		this.runner.withPropertyValues("tokenmeter.ledger.jsonl.enabled=true",
				"tokenmeter.ledger.jsonl.directory=" + file.resolve("ledger"))
			.run(context -> {
				FailureAnalysis analysis = analyze(context.getStartupFailure());
				assertThat(analysis.getDescription()).contains("tokenmeter.ledger.jsonl.directory");
				assertThat(analysis.getAction()).contains("writable directory");
			});
	}

	static LlmCall call(String user) {
		return Calls.chat("gpt-4o").timestamp(Instant.now()).attribution(new CallAttribution("support", user, null)).build();
	}

	@Configuration(proxyBeanMethods = false)
	static class EventCollector {

		final List<LlmCallRecordedEvent> events = new ArrayList<>();

		@EventListener
		void on(LlmCallRecordedEvent event) {
			this.events.add(event);
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class Registry {

		@Bean
		SimpleMeterRegistry meterRegistry() {
			return new SimpleMeterRegistry();
		}

	}

}
