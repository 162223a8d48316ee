package io.tokenmeter.autoconfigure.health;

import io.tokenmeter.autoconfigure.TokenMeterProperties;
import io.tokenmeter.autoconfigure.budget.TokenMeterBudgetAutoConfiguration;
import io.tokenmeter.core.budget.BudgetStore;
import io.tokenmeter.core.budget.internal.BudgetTracker;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;

/**
 * The {@code tokenmeter} health contributor (budget states, budget store reachability); see
 * {@link TokenMeterHealthIndicator} for when it is DOWN. Off with {@code management.health.tokenmeter.enabled=false}.
 *
 * @since 0.2.0
 */
@AutoConfiguration(after = TokenMeterBudgetAutoConfiguration.class)
@ConditionalOnClass({ HealthIndicator.class, ConditionalOnEnabledHealthIndicator.class })
@ConditionalOnBean(BudgetTracker.class)
@ConditionalOnEnabledHealthIndicator("tokenmeter")
@EnableConfigurationProperties(TokenMeterProperties.class)
public final class TokenMeterHealthAutoConfiguration {

	/** Named so the contributor is {@code tokenmeter} (the suffix HealthIndicator is dropped). */
	@Bean
	@ConditionalOnMissingBean(name = "tokenmeterHealthIndicator")
	TokenMeterHealthIndicator tokenmeterHealthIndicator(BudgetTracker tracker, TokenMeterProperties properties,
			ObjectProvider<BudgetStore> store) {
		return new TokenMeterHealthIndicator(tracker, properties.getBudgetStore().getFailureMode(),
				store.getIfUnique());
	}

}
