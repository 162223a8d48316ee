package io.tokenmeter.autoconfigure.endpoint;

import io.tokenmeter.autoconfigure.pricing.TokenMeterPricingAutoConfiguration;
import io.tokenmeter.autoconfigure.budget.TokenMeterBudgetAutoConfiguration;
import io.tokenmeter.autoconfigure.ledger.TokenMeterLedgerAutoConfiguration;
import io.tokenmeter.autoconfigure.TokenMeterAutoConfiguration;
import io.tokenmeter.autoconfigure.endpoint.TokenMeterEndpointWebExtension.Problem;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

class TokenMeterEndpointConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(TokenMeterPricingAutoConfiguration.class,
				TokenMeterBudgetAutoConfiguration.class, TokenMeterLedgerAutoConfiguration.class,
				TokenMeterAutoConfiguration.class, TokenMeterEndpointAutoConfiguration.class))
		.withPropertyValues("tokenmeter.pricing.catalog=none");

	@Test
	void theEndpointIsThereOnlyWhenExposed() {
		this.runner.run(context -> assertThat(context).doesNotHaveBean(TokenMeterEndpoint.class));
		this.runner.withPropertyValues("management.endpoints.web.exposure.include=tokenmeter")
			.run(context -> assertThat(context).hasSingleBean(TokenMeterEndpoint.class)
				.hasSingleBean(TokenMeterEndpointWebExtension.class));
	}

	@Test
	void theEndpointIsOffWithTheLedger() {
		this.runner
			.withPropertyValues("management.endpoints.web.exposure.include=tokenmeter",
					"tokenmeter.ledger.enabled=false")
			.run(context -> assertThat(context).doesNotHaveBean(TokenMeterEndpoint.class));
	}

	@Test
	void aCalendarWindowWithoutTheJsonlLedgerIsABadRequestSayingHowToEnableIt() {
		this.runner.withPropertyValues("management.endpoints.web.exposure.include=tokenmeter").run(context -> {
			TokenMeterEndpointWebExtension web = context.getBean(TokenMeterEndpointWebExtension.class);

			WebEndpointResponse<Object> report = web.report("week", null);
			WebEndpointResponse<Object> breakdown = web.breakdown("user", "month");

			for (WebEndpointResponse<Object> response : new WebEndpointResponse[] { report, breakdown }) {
				assertThat(response.getStatus()).isEqualTo(400);
				assertThat(response.getContentType()).isEqualTo(TokenMeterEndpointWebExtension.PROBLEM_JSON);
				assertThat(((Problem) response.getBody()).detail())
					.contains("tokenmeter.ledger.jsonl.enabled=true");
			}
			assertThat(web.report("total", true).getStatus()).isEqualTo(200);
		});
	}

}
