package io.tokenmeter.sample;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;

import io.opentelemetry.sdk.trace.SdkTracerProvider;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.micrometer.tracing.test.autoconfigure.AutoConfigureTracing;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code tracing} profile as the README runs it ({@code ZIPKIN_URL} naming the Zipkin server): a {@code /chat}
 * call's spans reach Zipkin's span intake (here a local server that takes the posts, as Zipkin's
 * {@code /api/v2/spans} does; the autoconfigure module's {@code TracingEndToEndTests} runs a real Zipkin), and its
 * chat-model span carries the reply's exact cost.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "tokenmeter.ledger.jsonl.enabled=false")
@ActiveProfiles("tracing")
@AutoConfigureTracing
class TracingProfileTests {

	private static final MockWebServer zipkin = new MockWebServer();

	@DynamicPropertySource
	static void zipkinUrl(DynamicPropertyRegistry registry) {
		registry.add("ZIPKIN_URL", () -> "http://127.0.0.1:" + zipkin.getPort());
	}

	@AfterAll
	static void stopZipkin() throws IOException {
		zipkin.shutdown();
	}

	@LocalServerPort
	int port;

	@Autowired
	SdkTracerProvider tracerProvider;

	@Test
	void chatCallsSpanReachesZipkinWithTheRepliesCost() throws Exception {
		zipkin.setDispatcher(new okhttp3.mockwebserver.Dispatcher() {
			@Override
			public MockResponse dispatch(RecordedRequest request) {
				return new MockResponse().setResponseCode(202);
			}
		});
		HttpResponse<String> reply = new SampleHttp(this.port).post("/chat",
				SampleHttp.chatBody("Why is my invoice higher?", "traced-bot", "trace-user", "gpt-4o"));
		assertThat(reply.statusCode()).isEqualTo(200);
		BigDecimal cost = SampleHttp.json(reply).get("cost").decimalValue();
		this.tracerProvider.forceFlush().join(10, TimeUnit.SECONDS);

		List<JsonNode> chatSpans = new ArrayList<>();
		RecordedRequest post;
		while ((post = zipkin.takeRequest(1, TimeUnit.SECONDS)) != null) {
			assertThat(post.getPath()).isEqualTo("/api/v2/spans");
			byte[] body = post.getBody().readByteArray();
			if ("gzip".equals(post.getHeader("Content-Encoding"))) {
				body = new GZIPInputStream(new ByteArrayInputStream(body)).readAllBytes();
			}
			for (JsonNode span : JsonMapper.builder().build().readTree(body)) {
				if ("traced-bot".equals(span.path("tags").path("gen_ai.agent.name").asString(null))) {
					chatSpans.add(span);
				}
			}
		}
		assertThat(chatSpans).singleElement().satisfies(span -> {
			assertThat(span.get("name").asString()).startsWith("chat ");
			assertThat(new BigDecimal(span.get("tags").get("tokenmeter.cost.usd").asString())).isEqualByComparingTo(cost);
			assertThat(span.get("tags").has("user.id")).isFalse();
		});
	}

}
