package io.tokenmeter.sample;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link BudgetAlerts} hears a budget crossing once, with the budget, the spend and the crossing call. */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "sample.demo.first-token-delay=0ms", "sample.demo.chunk-delay=0ms",
				"tokenmeter.budgets[0].name=monthly-global", "tokenmeter.budgets[0].limit=0.004",
				"tokenmeter.budgets[0].window=month", "tokenmeter.budgets[0].scope=global" })
class BudgetAlertsTests {

	@LocalServerPort
	int port;

	@Autowired
	BudgetAlerts alerts;

	@Test
	void crossingTheGlobalBudgetAlertsOnceWithTheSpendThatCrossedIt() {
		SampleHttp http = new SampleHttp(this.port);
		// Each call: "Hello!" is ⌈6 / 4⌉ = 2 tokens on gpt-4o:
		// (176 + 2) × $2.50/M + 1024 × $1.25/M + (64 + 2) × $10/M = $0.000445 + $0.00128 + $0.00066 = $0.002385;
		// the second call crosses $0.004 ($0.00477), the third does not alert again.
		for (int i = 0; i < 3; i++) {
			assertThat(http.post("/chat", SampleHttp.chatBody("Hello!", "support-bot", "alice", "gpt-4o")).statusCode())
				.isEqualTo(200);
		}

		assertThat(this.alerts.recent()).singleElement().satisfies(event -> {
			assertThat(event.budget()).isEqualTo("monthly-global");
			assertThat(event.key()).isEqualTo("*");
			assertThat(event.spent()).isEqualByComparingTo("0.00477");
			assertThat(event.cost()).isEqualByComparingTo("0.002385");
			assertThat(event.model()).isEqualTo("gpt-4o-2024-08-06");
			assertThat(event.agent()).isEqualTo("support-bot");
			assertThat(event.user()).isEqualTo("alice");
		});
	}

}
