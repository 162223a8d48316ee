package io.tokenmeter.autoconfigure;

import java.util.Map;

import io.tokenmeter.autoconfigure.budget.TokenMeterBudgetAutoConfiguration;
import io.tokenmeter.autoconfigure.pricing.TokenMeterPricingAutoConfiguration;
import io.tokenmeter.core.budget.BudgetScope;
import io.tokenmeter.core.budget.internal.BudgetTracker;
import io.tokenmeter.core.pricing.RateTable;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.env.SystemEnvironmentPropertySource;

import static io.tokenmeter.autoconfigure.StartupFailures.analyze;
import static org.assertj.core.api.Assertions.assertThat;

/** Typos and nonsense values under tokenmeter. fail startup, naming the key and what to write instead. */
class StrictConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(TokenMeterPricingAutoConfiguration.class,
				TokenMeterBudgetAutoConfiguration.class, TokenMeterAutoConfiguration.class))
		.withPropertyValues("tokenmeter.pricing.catalog=none");

	@Test
	void aMistypedScopeInsideABudgetFailsStartupNamingScope() {
		this.runner
			.withPropertyValues("tokenmeter.budgets[0].name=per-user", "tokenmeter.budgets[0].limit=5",
					"tokenmeter.budgets[0].scop=user", "tokenmeter.budgets[0].enforce=true")
			.run(context -> {
				FailureAnalysis analysis = analyze(context.getStartupFailure());
				assertThat(analysis.getDescription()).contains("Property: tokenmeter.budgets[0].scop")
					.contains("'scop' is not a property of tokenmeter.budgets[0]");
				assertThat(analysis.getAction()).startsWith("Did you mean tokenmeter.budgets[0].scope?");
			});
	}

	@Test
	void aMistypedTopLevelGroupFailsStartupNamingTheGroupWithTheRestOfTheName() {
		this.runner.withPropertyValues("tokenmeter.pricng.models[gpt-4o].input=2.50").run(context -> {
			FailureAnalysis analysis = analyze(context.getStartupFailure());
			assertThat(analysis.getDescription()).contains("Property: tokenmeter.pricng.models[gpt-4o].input");
			assertThat(analysis.getAction()).startsWith("Did you mean tokenmeter.pricing.models[gpt-4o].input?");
		});
	}

	@Test
	void theSingularBudgetFailsStartupNamingBudgets() {
		this.runner.withPropertyValues("tokenmeter.budget.name=team", "tokenmeter.budget.limit=5").run(context -> {
			FailureAnalysis analysis = analyze(context.getStartupFailure());
			assertThat(analysis.getDescription()).contains("Property: tokenmeter.budget.limit")
				.contains("1 more unknown: [tokenmeter.budget.name]");
			assertThat(analysis.getAction()).startsWith("Did you mean tokenmeter.budgets.limit?");
		});
	}

	@Test
	void aMistypedLeafFailsStartupNamingTheNearestProperty() {
		this.runner.withPropertyValues("tokenmeter.pricing.unknown-modle=fail").run(context -> {
			FailureAnalysis analysis = analyze(context.getStartupFailure());
			assertThat(analysis.getDescription()).contains("Property: tokenmeter.pricing.unknown-modle");
			assertThat(analysis.getAction()).startsWith("Did you mean tokenmeter.pricing.unknown-model?")
				.contains("catalog-max-age");
		});
	}

	@Test
	void aMistypedFieldOfAModelPriceFailsStartupNamingTheField() {
		this.runner
			.withPropertyValues("tokenmeter.pricing.models[gpt-4.1].inptu=2.00",
					"tokenmeter.pricing.models[gpt-4.1].output=8.00")
			.run(context -> {
				FailureAnalysis analysis = analyze(context.getStartupFailure());
				assertThat(analysis.getDescription()).contains("Property: tokenmeter.pricing.models[gpt-4.1].inptu");
				assertThat(analysis.getAction()).startsWith("Did you mean tokenmeter.pricing.models[gpt-4.1].input?");
			});
	}

	@Test
	void aMistypedFieldInsideATierOfAModelPriceFailsStartup() {
		this.runner
			.withPropertyValues("tokenmeter.pricing.models[m].input=1", "tokenmeter.pricing.models[m].output=2",
					"tokenmeter.pricing.models[m].tiers[0].above-input-token=200000",
					"tokenmeter.pricing.models[m].tiers[0].input=2", "tokenmeter.pricing.models[m].tiers[0].output=4")
			.run(context -> assertThat(analyze(context.getStartupFailure()).getAction())
				.startsWith("Did you mean tokenmeter.pricing.models[m].tiers[0].above-input-tokens?"));
	}

	@Test
	void aNameBelowAPlainValueFailsStartup() {
		this.runner.withPropertyValues("tokenmeter.enabled.really=true")
			.run(context -> assertThat(analyze(context.getStartupFailure()).getAction())
				.contains("tokenmeter.enabled takes a value and has no properties below it"));
	}

	@Test
	void dynamicKeysAndEveryMetadataKeyStartCleanly() {
		this.runner
			.withPropertyValues("tokenmeter.pricing.models[gpt-4.1].input=2.00",
					"tokenmeter.pricing.models[gpt-4.1].output=8.00",
					"tokenmeter.pricing.models[gpt-4.1].cache-write-1h=4.00",
					"tokenmeter.pricing.models[gpt-4.1].service-tiers.priority.multiplier=2",
					"tokenmeter.pricing.models[gpt-4.1].tiers[0].above-input-tokens=200000",
					"tokenmeter.pricing.models[gpt-4.1].tiers[0].input=4",
					"tokenmeter.pricing.models[gpt-4.1].tiers[0].output=16",
					"tokenmeter.pricing.models[gpt-4.1].aliases[0]=my-gpt", "tokenmeter.pricing.models[gpt-4.1].checked=2026-07-01",
					"tokenmeter.pricing.models[gpt-4.1].max-output-tokens=32768",
					"tokenmeter.pricing.aliases.gpt-4.1-latest=gpt-4.1", "tokenmeter.pricing.service-tiers.scale=0.9",
					"tokenmeter.budgets[0].name=team", "tokenmeter.budgets[0].limit=5",
					"tokenmeter.budgets[0].scope=user", "tokenmeter.budgets[0].match[0]=alice",
					"tokenmeter.platform-check.enabled=true", "tokenmeter.model-calls.enabled=true",
					"tokenmeter.metrics.max-agent-tags=10", "tokenmeter.advisor.order=-5")
			.run(context -> {
				assertThat(context).hasNotFailed();
				assertThat(context.getBean(RateTable.class).find("openai", "gpt-4.1")).isNotNull();
			});
	}

	@Test
	void environmentVariablesAreCheckedInTheirRelaxedForm() {
		this.runner
			.withInitializer(context -> context.getEnvironment()
				.getPropertySources()
				.addFirst(new SystemEnvironmentPropertySource("test-systemEnvironment",
						Map.of("TOKENMETER_BUDGETS_0_NAME", "team", "TOKENMETER_BUDGETS_0_LIMIT", "5",
								"TOKENMETER_BUDGETS_0_SCOPE", "user", "TOKENMETER_METRICS_MAXUSERTAGS", "7"))))
			.run(context -> {
				assertThat(context).hasNotFailed();
				assertThat(context.getBean(BudgetTracker.class).budgets().get(0).scope()).isEqualTo(BudgetScope.USER);
			});
	}

	@Test
	void aMistypedEnvironmentVariableFailsStartup() {
		this.runner
			.withInitializer(context -> context.getEnvironment()
				.getPropertySources()
				.addFirst(new SystemEnvironmentPropertySource("test-systemEnvironment", Map.of("TOKENMETER_METRICS_MAXUSERTAG", "7"))))
			.run(context -> assertThat(analyze(context.getStartupFailure()).getAction())
				.startsWith("Did you mean tokenmeter.metrics.max-user-tags?"));
	}

	@Test
	void aNegativeRetryAfterFailsStartup() {
		this.runner.withPropertyValues("tokenmeter.budget-store.retry-after=-5s").run(context -> {
			FailureAnalysis analysis = analyze(context.getStartupFailure());
			assertThat(analysis.getDescription()).contains("Property: tokenmeter.budget-store.retry-after")
				.contains("must not be negative (was -5s)");
			assertThat(analysis.getAction()).contains("5s (the default)");
		});
	}

	@Test
	void aNegativeUserTagLimitFailsStartup() {
		this.runner.withPropertyValues("tokenmeter.metrics.max-user-tags=-1").run(context -> {
			FailureAnalysis analysis = analyze(context.getStartupFailure());
			assertThat(analysis.getDescription()).contains("Property: tokenmeter.metrics.max-user-tags")
				.contains("must not be negative (was -1)");
			assertThat(analysis.getAction()).contains("100 (the default)");
		});
	}

	@Test
	void aNegativeCountInsideAModelPriceFailsStartup() {
		this.runner
			.withPropertyValues("tokenmeter.pricing.models[m].input=1", "tokenmeter.pricing.models[m].output=2",
					"tokenmeter.pricing.models[m].max-output-tokens=-1")
			.run(context -> assertThat(analyze(context.getStartupFailure()).getDescription())
				.contains("Property: tokenmeter.pricing.models[m].max-output-tokens"));
	}

	@Test
	void aNegativeDefaultMaxOutputTokensFailsStartup() {
		this.runner.withPropertyValues("tokenmeter.budget-enforcement.default-max-output-tokens=-1")
			.run(context -> assertThat(analyze(context.getStartupFailure()).getDescription())
				.contains("Property: tokenmeter.budget-enforcement.default-max-output-tokens"));
	}

	@Test
	void anUnbracketedIdWithADotFailsStartupShowingTheBracketedForm() {
		this.runner.withPropertyValues("tokenmeter.pricing.models.gpt-4.1.input=2.00").run(context -> {
			FailureAnalysis analysis = analyze(context.getStartupFailure());
			assertThat(analysis.getDescription()).contains("tokenmeter.pricing.models.gpt-4.1.input")
				.contains("the model id 'gpt-4.1' contains a dot");
			assertThat(analysis.getAction()).contains("\"[gpt-4.1]\":").contains("tokenmeter.pricing.models[gpt-4.1].input=");
		});
	}

}
