package io.tokenmeter.autoconfigure.health;

import io.tokenmeter.autoconfigure.pricing.TokenMeterPricingAutoConfiguration;
import io.tokenmeter.autoconfigure.budget.TokenMeterBudgetAutoConfiguration;
import io.tokenmeter.autoconfigure.TokenMeterAutoConfiguration;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.tokenmeter.core.attribution.CallAttribution;
import io.tokenmeter.core.call.CallOutcome;
import io.tokenmeter.core.call.LlmCall;
import io.tokenmeter.core.lifecycle.LlmCallRecorder;
import io.tokenmeter.core.usage.TokenUsage;
import io.tokenmeter.redis.RedisServerProcess;
import io.tokenmeter.testsupport.Calls;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code tokenmeter} health contributor: UP with an exhausted enforced budget (a design choice, see
 * {@link TokenMeterHealthIndicator}), DOWN only when a fail-closed store behind an enforced budget is unreachable.
 * The Redis cases run against a real redis-server that the test stops.
 */
class TokenMeterHealthTests {

	@RegisterExtension
	static final RedisServerProcess redis = new RedisServerProcess();

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(TokenMeterPricingAutoConfiguration.class,
				TokenMeterBudgetAutoConfiguration.class, TokenMeterHealthAutoConfiguration.class,
				TokenMeterAutoConfiguration.class))
		.withPropertyValues("tokenmeter.pricing.catalog=none", "tokenmeter.pricing.models[gpt-4o].input=2.50",
				"tokenmeter.pricing.models[gpt-4o].output=10.00", "tokenmeter.budgets[0].name=team",
				"tokenmeter.budgets[0].limit=0.005", "tokenmeter.budgets[0].enforce=true");

	@Test
	void upWithEveryBudgetOk() {
		this.runner.run(context -> {
			Health health = health(context);
			assertThat(health.getStatus()).isEqualTo(Status.UP);
			assertThat(health.getDetails()).containsEntry("store", "reachable").containsEntry("exceeded", List.of());
		});
	}

	@Test
	void anExhaustedEnforcedBudgetKeepsItUpAndSaysSo() {
		this.runner.run(context -> {
			context.getBean(LlmCallRecorder.class).record(call()); // 1,000 in × $2.50/M + 200 out × $10/M = 0.0045
			context.getBean(LlmCallRecorder.class).record(call()); // 0.009 ≥ 0.005

			Health health = health(context);
			assertThat(health.getStatus()).isEqualTo(Status.UP);
			assertThat(health.getDetails()).containsEntry("exceeded", List.of("team"));
			assertThat(health.getDetails().get("budgets")).asList().singleElement().satisfies(status -> {
				io.tokenmeter.core.ledger.BudgetStatus budget = (io.tokenmeter.core.ledger.BudgetStatus) status;
				assertThat(budget.state()).isEqualTo("exceeded");
				assertThat(budget.spent()).isEqualByComparingTo("0.009");
				assertThat(budget.remaining()).isEqualByComparingTo(BigDecimal.ZERO);
			});
		});
	}

	@Test
	void downWhenAFailClosedRedisStoreBehindAnEnforcedBudgetIsUnreachable() {
		redisRunner("fail-closed").run(context -> {
			assertThat(health(context).getStatus()).isEqualTo(Status.UP);
			redis.stop();
			try {
				Health health = health(context);
				assertThat(health.getStatus()).isEqualTo(Status.DOWN);
				assertThat(health.getDetails()).containsEntry("store", "unreachable")
					.containsEntry("storeFailureMode", "fail-closed")
					.containsKey("storeError");
			}
			finally {
				redis.start();
			}
		});
	}

	@Test
	void upWhenAFailOpenRedisStoreIsUnreachable() {
		redisRunner("fail-open").run(context -> {
			redis.stop();
			try {
				Health health = health(context);
				assertThat(health.getStatus()).isEqualTo(Status.UP);
				assertThat(health.getDetails()).containsEntry("store", "unreachable");
			}
			finally {
				redis.start();
			}
		});
	}

	@Test
	void upWhenNoBudgetIsEnforcedEvenIfTheStoreIsUnreachable() {
		redisRunner("fail-closed").withPropertyValues("tokenmeter.budgets[0].enforce=false").run(context -> {
			redis.stop();
			try {
				assertThat(health(context).getStatus()).isEqualTo(Status.UP);
			}
			finally {
				redis.start();
			}
		});
	}

	@Test
	void theContributorCanBeTurnedOff() {
		this.runner.withPropertyValues("management.health.tokenmeter.enabled=false")
			.run(context -> assertThat(context).doesNotHaveBean(TokenMeterHealthIndicator.class));
	}

	private ApplicationContextRunner redisRunner(String failureMode) {
		return this.runner.withConfiguration(AutoConfigurations.of(DataRedisAutoConfiguration.class))
			.withPropertyValues("tokenmeter.budget-store.type=redis",
					"tokenmeter.budget-store.failure-mode=" + failureMode, "spring.data.redis.host=127.0.0.1",
					"spring.data.redis.port=" + redis.port(), "spring.data.redis.timeout=500ms",
					"spring.data.redis.connect-timeout=500ms");
	}

	private static Health health(AssertableApplicationContext context) {
		assertThat(context).hasNotFailed();
		Map<String, TokenMeterHealthIndicator> indicators = context.getBeansOfType(TokenMeterHealthIndicator.class);
		assertThat(indicators).containsOnlyKeys("tokenmeterHealthIndicator");
		return indicators.get("tokenmeterHealthIndicator").health();
	}

	private static LlmCall call() {
		return Calls.chat("gpt-4o").timestamp(Instant.now()).build();
	}

}
