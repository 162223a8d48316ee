package io.tokenmeter.sample;

import java.net.http.HttpResponse;
import java.util.Set;

import io.tokenmeter.core.budget.BudgetStore;
import io.tokenmeter.core.budget.InMemoryBudgetStore;
import io.tokenmeter.redis.RedisServerProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code redis} profile as the README sets it up ({@code --spring.profiles.active=redis} and Spring Boot's
 * {@code spring.data.redis.*}), against a real {@code redis-server} on a free localhost port.
 */
// A loaded CI machine can take longer than the profile's 1 s for the first connection's handshake.
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = { "spring.data.redis.timeout=10s",
		"tokenmeter.ledger.jsonl.enabled=false" })
@ActiveProfiles("redis")
class RedisProfileTests {

	@RegisterExtension
	static final RedisServerProcess redis = new RedisServerProcess();

	@DynamicPropertySource
	static void redisServer(DynamicPropertyRegistry registry) {
		registry.add("spring.data.redis.host", () -> "127.0.0.1");
		registry.add("spring.data.redis.port", redis::port);
	}

	@LocalServerPort
	int port;

	@Autowired
	BudgetStore store;

	@Autowired
	StringRedisTemplate template;

	@Test
	void budgetsAreKeptInRedis() {
		assertThat(this.store).isNotInstanceOf(InMemoryBudgetStore.class);
	}

	@Test
	void aCallsCostIsChargedToItsUsersBudgetInRedis() {
		HttpResponse<String> response = new SampleHttp(this.port).post("/chat",
				SampleHttp.chatBody("Hello!", "support-bot", "redis-user", "gpt-4o-mini"));

		assertThat(response.statusCode()).isEqualTo(200);
		Set<String> keys = this.template.keys("tokenmeter:budget:{daily-per-user|redis-user|*");
		assertThat(keys).isNotEmpty();
		assertThat(SampleHttp.json(response).get("cost").decimalValue()).isPositive();
	}

	@Test
	void healthIsUpWithRedisUp() {
		HttpResponse<String> response = new SampleHttp(this.port).get("/actuator/health");

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(SampleHttp.json(response).get("status").asString()).isEqualTo("UP");
	}

}
