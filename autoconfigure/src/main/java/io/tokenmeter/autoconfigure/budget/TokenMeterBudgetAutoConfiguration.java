package io.tokenmeter.autoconfigure.budget;

import java.time.Clock;
import java.util.List;
import java.util.Optional;

import io.micrometer.core.instrument.MeterRegistry;
import io.tokenmeter.advisor.CallCostEstimate;
import io.tokenmeter.autoconfigure.TokenMeterAutoConfiguration;
import io.tokenmeter.autoconfigure.TokenMeterProperties.BudgetEnforcement;
import io.tokenmeter.autoconfigure.TokenMeterProperties;
import io.tokenmeter.autoconfigure.pricing.TokenMeterPricingAutoConfiguration;
import io.tokenmeter.core.budget.BudgetStore;
import io.tokenmeter.core.budget.InMemoryBudgetStore;
import io.tokenmeter.core.budget.internal.BudgetEventPublisher;
import io.tokenmeter.core.budget.internal.BudgetTracker;
import io.tokenmeter.core.budget.internal.CircuitBreakingBudgetStore;
import io.tokenmeter.core.call.internal.MeteringFailures;
import io.tokenmeter.core.internal.InvalidConfigurationException;
import io.tokenmeter.core.metrics.internal.BudgetMetrics;
import io.tokenmeter.core.pricing.PromptTokenCounter;
import io.tokenmeter.core.pricing.internal.CallPricer;
import io.tokenmeter.redis.RedisBudgetStore;
import org.springframework.ai.chat.client.ChatClient;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * Budgets: the tracker that charges every priced call to {@code tokenmeter.budgets}, its store (memory, or Redis
 * with {@code tokenmeter.budget-store.type=redis}), event publishing and the default alert log.
 *
 * @since 0.2.0
 */
@AutoConfiguration(after = TokenMeterPricingAutoConfiguration.class, before = TokenMeterAutoConfiguration.class,
		afterName = { "org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration",
				"org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
				"org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration" })
@ConditionalOnClass(ChatClient.class)
@ConditionalOnBooleanProperty(name = "tokenmeter.enabled", matchIfMissing = true)
@EnableConfigurationProperties(TokenMeterProperties.class)
public final class TokenMeterBudgetAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	BudgetTracker tokenMeterBudgetTracker(TokenMeterProperties properties, ObjectProvider<BudgetStore> stores,
			ApplicationEventPublisher publisher, MeteringFailures failures) {
		BudgetStore store = stores.getIfAvailable();
		if (store == null) {
			throw new InvalidConfigurationException("tokenmeter.budget-store.type",
					"is '" + properties.getBudgetStore().getType().name().toLowerCase(java.util.Locale.ROOT)
							+ "' but no Redis connection is available (Spring Data Redis and its StringRedisTemplate)",
					"Add spring-boot-starter-data-redis and set spring.data.redis.host/port, define a BudgetStore "
							+ "bean, or set tokenmeter.budget-store.type=memory.");
		}
		BudgetEventPublisher events = publisher::publishEvent;
		return new BudgetTracker(BudgetFactory.create(properties.getBudgets()), store, events, Clock.systemUTC(),
				properties.getBudgetStore().getFailureMode(), failures);
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBooleanProperty(name = "tokenmeter.budget-alerts.log", matchIfMissing = true)
	BudgetAlertLogger tokenMeterBudgetAlertLogger() {
		return new BudgetAlertLogger();
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBean(CallPricer.class)
	CallCostEstimate tokenMeterCallCostEstimate(CallPricer pricer, ObjectProvider<PromptTokenCounter> counter,
			TokenMeterProperties properties) {
		BudgetEnforcement enforcement = properties.getBudgetEnforcement();
		if (enforcement.getUnpricedReservation() != null && enforcement.getUnpricedReservation().signum() <= 0) {
			throw new InvalidConfigurationException("tokenmeter.budget-enforcement.unpriced-reservation",
					"is $" + enforcement.getUnpricedReservation().toPlainString()
							+ ", which would let any number of unpriced calls through an enforced budget",
					"Set a positive amount in USD (e.g. 0.05) reserved per unpriced call, or remove it to refuse "
							+ "such calls.");
		}
		if (enforcement.getDefaultMaxOutputTokens() <= 0) {
			throw new InvalidConfigurationException("tokenmeter.budget-enforcement.default-max-output-tokens",
					"is " + enforcement.getDefaultMaxOutputTokens() + ", so a call without max tokens would reserve "
							+ "no output",
					"Set a positive number of output tokens (e.g. 1024).");
		}
		return new BudgetReservationEstimate(pricer, counter.getIfAvailable(() -> CharacterCount.INSTANCE),
				enforcement.getDefaultMaxOutputTokens(), Optional.ofNullable(enforcement.getUnpricedReservation()));
	}

	/** Without JTokkit on the classpath: about four characters a token, so a reservation is never zero. */
	enum CharacterCount implements PromptTokenCounter {

		INSTANCE;

		@Override
		public TokenCount count(String model, List<String> messages) {
			long tokens = 0;
			for (String message : messages) {
				tokens += countText(model, message) + 4;
			}
			return new TokenCount(tokens, "characters/4", true);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(MeterRegistry.class)
	@ConditionalOnBean(MeterRegistry.class)
	@ConditionalOnBooleanProperty(name = "tokenmeter.metrics.enabled", matchIfMissing = true)
	static class BudgetMetricsConfiguration {

		@Bean
		@ConditionalOnMissingBean
		BudgetMetrics tokenMeterBudgetMetrics(BudgetTracker tracker) {
			return new BudgetMetrics(tracker);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(StringRedisTemplate.class)
	@ConditionalOnProperty(name = "tokenmeter.budget-store.type", havingValue = "redis")
	static class RedisStoreConfiguration {

		@Bean
		@ConditionalOnMissingBean
		@ConditionalOnBean(StringRedisTemplate.class)
		BudgetStore tokenMeterRedisBudgetStore(StringRedisTemplate redis, TokenMeterProperties properties) {
			TokenMeterProperties.BudgetStore store = properties.getBudgetStore();
			return new CircuitBreakingBudgetStore(new RedisBudgetStore(redis, store.getKeyPrefix(), Clock.systemUTC(),
					store.getReservationTtl()), store.getRetryAfter(), Clock.systemUTC());
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnProperty(name = "tokenmeter.budget-store.type", havingValue = "memory", matchIfMissing = true)
	static class InMemoryStoreConfiguration {

		@Bean
		@ConditionalOnMissingBean
		BudgetStore tokenMeterInMemoryBudgetStore() {
			return new InMemoryBudgetStore();
		}

		/** With the JSONL ledger on: the current windows' spend rebuilt from it once all beans exist. */
		@Bean
		@ConditionalOnBooleanProperty("tokenmeter.ledger.jsonl.enabled")
		SmartInitializingSingleton tokenMeterBudgetSpendRestore(ObjectProvider<BudgetStore> store,
				ObjectProvider<BudgetTracker> tracker, TokenMeterProperties properties) {
			return () -> {
				if (properties.getLedger().isEnabled() && store.getIfAvailable() instanceof InMemoryBudgetStore memory
						&& tracker.getIfAvailable() != null) {
					BudgetSpendRestore.restore(memory, tracker.getObject().budgets(),
							properties.getLedger().getJsonl(), tracker.getObject().clock());
				}
			};
		}

	}

}
