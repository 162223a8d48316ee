package io.tokenmeter.sample;

import java.net.InetAddress;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.web.server.autoconfigure.ServerProperties;
import org.springframework.context.ApplicationContext;
import org.springframework.security.web.SecurityFilterChain;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the sample does without a profile: it serves loopback only, Spring Security stays off although it is on the
 * classpath (for the secured profile), and the Redis on the classpath (for the redis profile) neither holds the
 * budgets nor turns health DOWN.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class DefaultProfileTests {

	@Autowired
	ApplicationContext context;

	@Autowired
	ServerProperties server;

	@LocalServerPort
	int port;

	@Test
	void bindsToLoopbackOnly() {
		InetAddress address = this.server.getAddress();

		assertThat(address).isNotNull();
		assertThat(address.isLoopbackAddress()).isTrue();
	}

	@Test
	void springSecurityIsOff() {
		assertThat(this.context.getBeansOfType(SecurityFilterChain.class)).isEmpty();
		assertThat(this.context.containsBean("springSecurityFilterChain")).isFalse();
		assertThat(new SampleHttp(this.port).get("/actuator/tokenmeter").statusCode()).isEqualTo(200);
	}

	@Test
	void healthIsUpWithoutARedisServer() {
		var response = new SampleHttp(this.port).get("/actuator/health");

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(SampleHttp.json(response).get("status").asString()).isEqualTo("UP");
	}

	@Test
	void tokenmeterHealthShowsTheBudgetStates() {
		// management.endpoint.health.show-details=always in application.yml: without it only "status" is shown.
		var response = new SampleHttp(this.port).get("/actuator/health/tokenmeter");

		assertThat(response.statusCode()).isEqualTo(200);
		var health = SampleHttp.json(response);
		assertThat(health.get("status").asString()).isEqualTo("UP");
		assertThat(health.get("details").get("store").asString()).isEqualTo("reachable");
		assertThat(health.get("details").get("budgets").valueStream().map(budget -> budget.get("budget").asString()))
			.contains("monthly-global");
	}

}
