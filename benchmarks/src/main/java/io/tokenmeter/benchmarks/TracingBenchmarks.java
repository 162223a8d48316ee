package io.tokenmeter.benchmarks;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.handler.DefaultTracingObservationHandler;
import io.micrometer.tracing.otel.bridge.OtelCurrentTraceContext;
import io.micrometer.tracing.otel.bridge.OtelTracer;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.opentelemetry.sdk.trace.samplers.Sampler;
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
import org.openjdk.jmh.annotations.Warmup;
import org.springframework.ai.chat.client.ChatClient;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.boot.Banner;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * tokenmeter's spans: the {@code ChatClient} call of {@link ChatClientBenchmarks} in an application that traces
 * (Micrometer Tracing over the OpenTelemetry SDK, every span sampled and handed to an exporter that drops it, so the
 * spans are built as for a real backend). Four variants of one application: tokenmeter off ({@code tracedCallBare}),
 * a do-nothing advisor in tokenmeter's place ({@code tracedCallPassThrough}, the control of
 * {@link ChatClientBenchmarks#callPassThrough}), tokenmeter on with its span attributes off
 * ({@code tokenmeter.tracing.enabled=false}) and on. Without tracing (no {@code Tracer} bean, as in every other
 * benchmark here) tokenmeter registers nothing for spans: that is {@link ChatClientBenchmarks#callMetered}, run it
 * in the same invocation to compare:
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar 'TracingBenchmarks|ChatClientBenchmarks.call(Bare|PassThrough|Metered)$' -prof gc
 * </pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 2, jvmArgsAppend = { "-Xms1g", "-Xmx1g" })
public class TracingBenchmarks {

	private static final String SYSTEM = "You are the support assistant of an online service. Answer briefly.";

	private static final String QUESTION = "What is the refund policy for annual plans?";

	@Benchmark
	public ChatResponse tracedCallBare(BareTraced client) {
		return client.call();
	}

	@Benchmark
	public ChatResponse tracedCallPassThrough(PassThroughTraced client) {
		return client.call();
	}

	@Benchmark
	public ChatResponse tracedCallMeteredSpansOff(MeteredSpansOffTraced client) {
		return client.call();
	}

	@Benchmark
	public ChatResponse tracedCallMetered(MeteredTraced client) {
		return client.call();
	}

	/** One traced application context and the ChatClient it builds, shared by all threads of a benchmark. */
	abstract static class TracedClient {

		private ConfigurableApplicationContext context;

		private ChatClient chatClient;

		void start(Variant variant, String... extraProperties) {
			Map<String, Object> properties = new LinkedHashMap<>(variant.properties());
			for (int i = 0; i < extraProperties.length; i += 2) {
				properties.put(extraProperties[i], extraProperties[i + 1]);
			}
			this.context = new SpringApplicationBuilder(BenchmarkApplication.class, Tracing.class)
				.web(WebApplicationType.NONE)
				.bannerMode(Banner.Mode.OFF)
				.logStartupInfo(false)
				.properties(Map.of("logging.level.root", "WARN"))
				.properties(properties)
				.run();
			ChatClient.Builder builder = this.context.getBean(ChatClient.Builder.class);
			this.chatClient = (variant == Variant.CONTROL ? builder.defaultAdvisors(new PassThroughAdvisor()) : builder)
				.build();
		}

		void stop() {
			this.context.close();
		}

		ChatResponse call() {
			return this.chatClient.prompt()
				.system(SYSTEM)
				.user(QUESTION)
				.advisors(a -> a.param(TokenMeter.AGENT, "support-bot").param(TokenMeter.USER, "user-0"))
				.call()
				.chatResponse();
		}

	}

	@State(Scope.Benchmark)
	public static class BareTraced extends TracedClient {

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
	public static class PassThroughTraced extends TracedClient {

		@Setup(Level.Trial)
		public void setUp() {
			start(Variant.CONTROL);
		}

		@TearDown(Level.Trial)
		public void tearDown() {
			stop();
		}

	}

	@State(Scope.Benchmark)
	public static class MeteredSpansOffTraced extends TracedClient {

		@Setup(Level.Trial)
		public void setUp() {
			start(Variant.METERED, "tokenmeter.tracing.enabled", "false");
		}

		@TearDown(Level.Trial)
		public void tearDown() {
			stop();
		}

	}

	@State(Scope.Benchmark)
	public static class MeteredTraced extends TracedClient {

		@Setup(Level.Trial)
		public void setUp() {
			start(Variant.METERED);
		}

		@TearDown(Level.Trial)
		public void tearDown() {
			stop();
		}

	}

	/**
	 * Tracing as Spring Boot's OpenTelemetry support sets it up (a Micrometer {@code Tracer} over the SDK, and the
	 * tracing observation handler), with every span sampled and dropped by the exporter.
	 */
	@Configuration(proxyBeanMethods = false)
	static class Tracing {

		@Bean(destroyMethod = "close")
		SdkTracerProvider sdkTracerProvider() {
			return SdkTracerProvider.builder()
				.setSampler(Sampler.alwaysOn())
				.addSpanProcessor(SimpleSpanProcessor.create(new DroppingExporter()))
				.build();
		}

		@Bean
		Tracer tracer(SdkTracerProvider provider) {
			return new OtelTracer(provider.get("benchmarks"), new OtelCurrentTraceContext(), event -> {
			});
		}

		@Bean
		DefaultTracingObservationHandler tracingObservationHandler(Tracer tracer) {
			return new DefaultTracingObservationHandler(tracer);
		}

	}

	/** Takes every finished span and drops it. */
	static final class DroppingExporter implements SpanExporter {

		@Override
		public CompletableResultCode export(Collection<SpanData> spans) {
			return CompletableResultCode.ofSuccess();
		}

		@Override
		public CompletableResultCode flush() {
			return CompletableResultCode.ofSuccess();
		}

		@Override
		public CompletableResultCode shutdown() {
			return CompletableResultCode.ofSuccess();
		}

	}

}
