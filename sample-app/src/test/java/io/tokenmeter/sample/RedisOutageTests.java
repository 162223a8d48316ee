package io.tokenmeter.sample;

import java.net.http.HttpResponse;

import io.tokenmeter.redis.RedisServerProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code redis} profile while its {@code redis-server} is stopped: the store fails open, so calls go on and
 * {@code /actuator/health} stays UP (Spring Boot's own {@code redis} indicator, which would say DOWN, is off in the
 * sample's application.yml). No JSONL ledger: its default directory is shared by the test classes, and the
 * in-memory budget store is rebuilt from it at startup.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "tokenmeter.ledger.jsonl.enabled=false")
@ActiveProfiles("redis")
class RedisOutageTests {

	@RegisterExtension
	static final RedisServerProcess redis = new RedisServerProcess();

	@DynamicPropertySource
	static void redisServer(DynamicPropertyRegistry registry) {
		registry.add("spring.data.redis.host", () -> "127.0.0.1");
		registry.add("spring.data.redis.port", redis::port);
	}

	@LocalServerPort
	int port;

	@Test
	void healthStaysUpAndCallsGoOnWhileRedisIsDown() {
		redis.stop();
		SampleHttp http = new SampleHttp(this.port);

		HttpResponse<String> chat = http.post("/chat",
				SampleHttp.chatBody("Hello!", "support-bot", "redis-down-user", "gpt-4o-mini"));
		HttpResponse<String> health = http.get("/actuator/health");

		assertThat(chat.statusCode()).isEqualTo(200);
		assertThat(health.statusCode()).isEqualTo(200);
		assertThat(SampleHttp.json(health).get("status").asString()).isEqualTo("UP");
	}

}
