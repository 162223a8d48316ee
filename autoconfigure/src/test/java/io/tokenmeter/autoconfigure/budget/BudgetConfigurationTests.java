package io.tokenmeter.autoconfigure.budget;

import java.math.BigDecimal;

import io.tokenmeter.autoconfigure.pricing.TokenMeterPricingAutoConfiguration;
import io.tokenmeter.core.budget.Budget;
import io.tokenmeter.core.budget.BudgetScope;
import io.tokenmeter.core.budget.BudgetStore;
import io.tokenmeter.core.budget.BudgetWindow;
import io.tokenmeter.core.budget.InMemoryBudgetStore;
import io.tokenmeter.core.budget.internal.BudgetTracker;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static io.tokenmeter.autoconfigure.StartupFailures.analyze;
import static org.assertj.core.api.Assertions.assertThat;

class BudgetConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(TokenMeterPricingAutoConfiguration.class,
				TokenMeterBudgetAutoConfiguration.class))
		.withPropertyValues("tokenmeter.pricing.catalog=none");

	@Test
	void budgetsBindWithTheirWindowZoneScopeAndThresholds() {
		this.runner
			.withPropertyValues("tokenmeter.budgets[0].name=per-user", "tokenmeter.budgets[0].limit=5.00",
					"tokenmeter.budgets[0].window=day", "tokenmeter.budgets[0].zone=Europe/Berlin",
					"tokenmeter.budgets[0].scope=user", "tokenmeter.budgets[0].match=alice,bob",
					"tokenmeter.budgets[0].alert-thresholds=0.5,1.0", "tokenmeter.budgets[0].enforce=true",
					"tokenmeter.budgets[1].name=six-hourly", "tokenmeter.budgets[1].limit=100",
					"tokenmeter.budgets[1].window=6h")
			.run(context -> {
				assertThat(context).hasSingleBean(BudgetTracker.class).hasSingleBean(InMemoryBudgetStore.class);
				Budget perUser = context.getBean(BudgetTracker.class).budgets().get(0);
				assertThat(perUser.limit()).isEqualByComparingTo("5.00");
				assertThat(perUser.window().kind()).isEqualTo(BudgetWindow.Kind.DAY);
				assertThat(perUser.scope()).isEqualTo(BudgetScope.USER);
				assertThat(perUser.match()).containsExactlyInAnyOrder("alice", "bob");
				assertThat(perUser.alertThresholds()).containsExactly(new BigDecimal("0.5"), new BigDecimal("1.0"));
				assertThat(perUser.enforce()).isTrue();
				assertThat(context.getBean(BudgetTracker.class).budgets().get(1).window().kind())
					.isEqualTo(BudgetWindow.Kind.FIXED);
			});
	}

	@Test
	void aBudgetWithoutALimitFailsStartupNamingTheProperty() {
		this.runner.withPropertyValues("tokenmeter.budgets[0].name=team").run(context -> {
			FailureAnalysis analysis = analyze(context.getStartupFailure());
			assertThat(analysis.getDescription()).contains("tokenmeter.budgets[0].limit");
			assertThat(analysis.getAction()).contains("Set tokenmeter.budgets[0].limit");
		});
	}

	@Test
	void anUnknownWindowFailsStartupListingTheValidOnes() {
		this.runner
			.withPropertyValues("tokenmeter.budgets[0].name=team", "tokenmeter.budgets[0].limit=1",
					"tokenmeter.budgets[0].window=fortnight")
			.run(context -> {
				FailureAnalysis analysis = analyze(context.getStartupFailure());
				assertThat(analysis.getDescription()).contains("tokenmeter.budgets[0].window")
					.contains("'fortnight' is not a budget window");
				assertThat(analysis.getAction()).contains("total, hour, day, week, month");
			});
	}

	@Test
	void duplicateBudgetNamesFailStartup() {
		this.runner
			.withPropertyValues("tokenmeter.budgets[0].name=team", "tokenmeter.budgets[0].limit=1",
					"tokenmeter.budgets[1].name=team", "tokenmeter.budgets[1].limit=2")
			.run(context -> assertThat(analyze(context.getStartupFailure()).getDescription())
				.contains("tokenmeter.budgets[1].name"));
	}

	@Test
	void matchOnAGlobalBudgetFailsStartup() {
		this.runner
			.withPropertyValues("tokenmeter.budgets[0].name=team", "tokenmeter.budgets[0].limit=1",
					"tokenmeter.budgets[0].match=alice")
			.run(context -> assertThat(analyze(context.getStartupFailure()).getAction())
				.contains("scope to model, agent or user"));
	}

	@Test
	void aUserDefinedBudgetStoreReplacesTheInMemoryOne() {
		this.runner.withUserConfiguration(CustomStore.class).run(context -> {
			assertThat(context).hasSingleBean(BudgetStore.class);
			assertThat(context.getBean(BudgetStore.class)).isSameAs(context.getBean(CustomStore.class).store);
		});
	}

	@Test
	void aRedisStoreWithoutARedisConnectionFailsStartupNamingTheProperty() {
		this.runner.withPropertyValues("tokenmeter.budget-store.type=redis").run(context -> {
			FailureAnalysis analysis = analyze(context.getStartupFailure());
			assertThat(analysis.getDescription()).contains("Property: tokenmeter.budget-store.type")
				.contains("no Redis connection is available");
			assertThat(analysis.getAction()).contains("spring-boot-starter-data-redis")
				.contains("tokenmeter.budget-store.type=memory");
		});
	}

	@Test
	void theAlertLoggerCanBeTurnedOff() {
		this.runner.run(context -> assertThat(context).hasSingleBean(BudgetAlertLogger.class));
		this.runner.withPropertyValues("tokenmeter.budget-alerts.log=false")
			.run(context -> assertThat(context).doesNotHaveBean(BudgetAlertLogger.class));
	}

	@Configuration(proxyBeanMethods = false)
	static class CustomStore {

		final InMemoryBudgetStore store = new InMemoryBudgetStore();

		@Bean
		BudgetStore budgetStore() {
			return this.store;
		}

	}

}
