package io.tokenmeter.autoconfigure;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import io.micrometer.registry.otlp.OtlpMeterRegistry;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.tokenmeter.autoconfigure.pricing.TokenMeterPricingAutoConfiguration;
import io.tokenmeter.autoconfigure.metrics.TokenMeterMetricsAutoConfiguration;
import io.tokenmeter.autoconfigure.budget.TokenMeterBudgetAutoConfiguration;
import io.tokenmeter.TokenMeter;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.ai.chat.client.ChatClient;
import org.springframework.ai.chat.model.ChatModel;
import org.springframework.ai.model.chat.client.autoconfigure.ChatClientAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.otlp.OtlpMetricsExportAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * tokenmeter's meters (a stub model answering with 1,000 prompt and 500 completion tokens) through Micrometer's OTLP registry, auto-configured by Spring Boot, in an application that has
 * no Prometheus registry on its classpath (an OTLP-only application that excluded the starter's
 * {@code micrometer-registry-prometheus}): the registry's real HTTP export, received by a local server and decoded
 * as the OTLP protobuf a collector receives.
 */
class OtlpMetricsEndToEndTests {

	private static final MockWebServer collector = new MockWebServer();

	@AfterAll
	static void stopCollector() throws IOException {
		collector.shutdown();
	}

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withClassLoader(new FilteredClassLoader("io.micrometer.prometheusmetrics", "io.prometheus"))
		.withConfiguration(AutoConfigurations.of(MetricsAutoConfiguration.class,
				CompositeMeterRegistryAutoConfiguration.class, OtlpMetricsExportAutoConfiguration.class,
				SimpleMetricsExportAutoConfiguration.class, TokenMeterPricingAutoConfiguration.class,
				TokenMeterMetricsAutoConfiguration.class, TokenMeterBudgetAutoConfiguration.class,
				TokenMeterAutoConfiguration.class, ChatClientAutoConfiguration.class))
		.withUserConfiguration(StubModel.class)
		.withPropertyValues("tokenmeter.pricing.catalog=none", "tokenmeter.pricing.models[stub-model].input=1.00",
				"tokenmeter.pricing.models[stub-model].output=2.00", "management.otlp.metrics.export.enabled=true",
				"management.otlp.metrics.export.step=1h",
				"management.otlp.metrics.export.url=" + collector.url("/v1/metrics"));

	@Test
	void costTokensAndDurationReachAnOtlpCollectorWithoutPrometheus() throws Exception {
		collector.enqueue(new MockResponse().setResponseCode(200));
		this.runner.run(context -> {
			assertThat(context).hasSingleBean(OtlpMeterRegistry.class);
			context.getBean(ChatClient.Builder.class)
				.build()
				.prompt("hi")
				.advisors(a -> a.param(TokenMeter.AGENT, "otlp-bot"))
				.call()
				.content();
			context.getBean(OtlpMeterRegistry.class).close(); // publishes what it has, as at shutdown
		});

		RecordedRequest request = collector.takeRequest(10, TimeUnit.SECONDS);
		assertThat(request).isNotNull();
		assertThat(request.getHeader("Content-Type")).isEqualTo("application/x-protobuf");
		Map<String, Metric> metrics = ExportMetricsServiceRequest.parseFrom(request.getBody().readByteArray())
			.getResourceMetricsList()
			.stream()
			.flatMap(resource -> resource.getScopeMetricsList().stream())
			.flatMap(scope -> scope.getMetricsList().stream())
			.collect(Collectors.toMap(Metric::getName, metric -> metric, (first, second) -> first));
		assertThat(metrics).containsKeys("llm.cost", "llm.tokens", "llm.call.duration");
		assertThat(metrics.get("llm.cost").getUnit()).isEqualTo("usd");
		// 1,000 in × $1.00/M + 500 out × $2.00/M = $0.001 + $0.001 = $0.002
		assertThat(sum(metrics.get("llm.cost"), "agent", "otlp-bot")).isCloseTo(0.002, within(1e-12));
		assertThat(sum(metrics.get("llm.tokens"), "type", "input")).isEqualTo(1000);
		assertThat(sum(metrics.get("llm.tokens"), "type", "output")).isEqualTo(500);
		assertThat(metrics.get("llm.call.duration").getHistogram().getDataPointsList())
			.singleElement()
			.satisfies(point -> assertThat(point.getCount()).isEqualTo(1));
	}

	private static double sum(Metric metric, String key, String value) {
		List<NumberDataPoint> points = metric.getSum()
			.getDataPointsList()
			.stream()
			.filter(point -> point.getAttributesList()
				.stream()
				.anyMatch(attribute -> attribute.getKey().equals(key)
						&& attribute.getValue().getStringValue().equals(value)))
			.toList();
		return points.stream().mapToDouble(OtlpMetricsEndToEndTests::number).sum();
	}

	private static double number(NumberDataPoint point) {
		return point.hasAsDouble() ? point.getAsDouble() : point.getAsInt();
	}

	@Configuration(proxyBeanMethods = false)
	static class StubModel {

		@Bean
		ChatModel chatModel() {
			return new TokenMeterAutoConfigurationTests.StubChatModel();
		}

	}

}
