package io.tokenmeter.jdbc.internal;

import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;

import com.zaxxer.hikari.HikariDataSource;
import io.tokenmeter.TokenMeter;
import io.tokenmeter.jdbc.PostgresServerProcess;
import okhttp3.mockwebserver.MockWebServer;
import org.springframework.ai.chat.client.ChatClient;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * One instance of an application with the JDBC ledger on: a real Spring Boot web context (actuator on a random
 * port) whose OpenAI client talks to a replaying server, and whose DataSource is a Hikari pool on the test's
 * PostgreSQL. Several instances on one database are a cluster.
 */
final class LedgerInstance implements AutoCloseable {

	private static final JsonMapper json = JsonMapper.builder().build();

	private final ConfigurableApplicationContext context;

	private final ChatClient chat;

	private final int port;

	private LedgerInstance(ConfigurableApplicationContext context) {
		this.context = context;
		this.chat = context.getBean(ChatClient.Builder.class).build();
		this.port = ((WebServerApplicationContext) context).getWebServer().getPort();
	}

	/** Starts an instance; {@code properties} as {@code name=value}, over the defaults of the JDBC tests. */
	static LedgerInstance start(PostgresServerProcess postgres, MockWebServer openAi, String... properties) {
		List<String> arguments = new ArrayList<>(List.of("--server.port=0",
				"--test.datasource.url=" + postgres.jdbcUrl(), "--test.datasource.username=" + postgres.username(),
				"--spring.ai.openai.base-url=" + openAi.url("/v1"), "--tokenmeter.ledger.jdbc.enabled=true",
				"--management.endpoints.web.exposure.include=tokenmeter,tokenmeterchargeback,tokenmeterreprice",
				"--spring.main.banner-mode=off"));
		for (String property : properties) {
			arguments.add("--" + property);
		}
		ConfigurableApplicationContext context = new SpringApplicationBuilder(App.class).profiles("openai-e2e")
			.run(arguments.toArray(new String[0]));
		return new LedgerInstance(context);
	}

	/** One chat call for this agent and user, through the auto-configured client (metered by the advisor). */
	String call(String agent, String user) {
		return this.chat.prompt("How much was that?")
			.advisors((advisor) -> advisor.param(TokenMeter.AGENT, agent).param(TokenMeter.USER, user))
			.call()
			.content();
	}

	<T> T bean(Class<T> type) {
		return this.context.getBean(type);
	}

	/** {@code GET /actuator/tokenmeter?window=...} as JSON. */
	JsonNode report(String window) {
		return json.readTree(get("/actuator/tokenmeter?window=" + window).body());
	}

	HttpResponse<String> get(String path) {
		return send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path)).GET().build());
	}

	HttpResponse<String> post(String path, String body) {
		return send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(body))
			.build());
	}

	static BigDecimal decimal(JsonNode node) {
		return node.decimalValue();
	}

	private static HttpResponse<String> send(HttpRequest request) {
		try {
			return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	@Override
	public void close() {
		this.context.close();
	}

	@SpringBootApplication
	static class App {

		/** The application's DataSource, as it would declare or get one (a pool that notices an outage fast). */
		@Bean(destroyMethod = "close")
		HikariDataSource dataSource(Environment environment) {
			HikariDataSource pool = new HikariDataSource();
			pool.setJdbcUrl(environment.getRequiredProperty("test.datasource.url"));
			pool.setUsername(environment.getRequiredProperty("test.datasource.username"));
			pool.setMaximumPoolSize(4);
			pool.setConnectionTimeout(500);
			pool.setValidationTimeout(250);
			return pool;
		}

	}

}
