package io.tokenmeter.autoconfigure.pricing;

import java.time.Clock;
import java.time.Duration;

import io.tokenmeter.autoconfigure.TokenMeterAutoConfiguration;
import io.tokenmeter.autoconfigure.TokenMeterProperties.Pricing;
import io.tokenmeter.autoconfigure.TokenMeterProperties;
import io.tokenmeter.core.call.internal.MeteringFailures;
import io.tokenmeter.core.pricing.CatalogStatus;
import io.tokenmeter.core.pricing.CostCalculator;
import io.tokenmeter.core.pricing.CostEstimator;
import io.tokenmeter.core.pricing.JtokkitPromptTokenCounter;
import io.tokenmeter.core.pricing.PromptTokenCounter;
import io.tokenmeter.core.pricing.RateTable;
import io.tokenmeter.core.pricing.internal.CallPricer;
import org.springframework.ai.chat.client.ChatClient;
import org.springframework.ai.chat.model.ChatModel;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.ResourceLoader;

/**
 * Pricing and the shared failure counter: the rate table (bundled catalog overlaid with {@code tokenmeter.pricing.models}), the cost
 * calculator and the pricer every metered call goes through, and the {@link CostEstimator} for prices before a call.
 *
 * @since 0.2.0
 */
@AutoConfiguration(before = TokenMeterAutoConfiguration.class)
@ConditionalOnClass(ChatClient.class)
@ConditionalOnBooleanProperty(name = "tokenmeter.enabled", matchIfMissing = true)
@EnableConfigurationProperties(TokenMeterProperties.class)
public final class TokenMeterPricingAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	MeteringFailures tokenMeterMeteringFailures() {
		return new MeteringFailures(Duration.ofMinutes(1));
	}

	@Bean
	@ConditionalOnMissingBean
	PriceCatalog tokenMeterPriceCatalog(TokenMeterProperties properties, ResourceLoader resourceLoader) {
		return PriceCatalog.of(properties.getPricing().getCatalog(), resourceLoader);
	}

	@Bean
	@ConditionalOnMissingBean
	RateTable tokenMeterRateTable(TokenMeterProperties properties, PriceCatalog catalog) {
		Pricing pricing = properties.getPricing();
		return RateTableFactory.create(catalog, pricing.getModels(), pricing.getAliases());
	}

	@Bean
	@ConditionalOnMissingBean
	CatalogStatus tokenMeterCatalogStatus(PriceCatalog catalog, TokenMeterProperties properties) {
		Pricing pricing = properties.getPricing();
		CatalogMaxAgeCheck.check(pricing.getCatalogMaxAge());
		return new CatalogStatus(catalog.location(), catalog.source(), catalog.effectiveDate(), catalog.models().size(),
				pricing.getModels().size(), pricing.getCatalogMaxAge());
	}

	@Bean
	SmartInitializingSingleton tokenMeterCatalogStartupLog(CatalogStatus catalog) {
		return () -> CatalogStartupLog.log(catalog, Clock.systemUTC());
	}

	@Bean
	@ConditionalOnMissingBean
	CostCalculator tokenMeterCostCalculator(TokenMeterProperties properties) {
		return new CostCalculator(RateTableFactory.serviceTierMultipliers(properties.getPricing().getServiceTiers()));
	}

	@Bean
	@ConditionalOnMissingBean
	CallPricer tokenMeterCallPricer(RateTable rateTable, CostCalculator calculator, TokenMeterProperties properties) {
		return new CallPricer(rateTable, calculator, properties.getPricing().getUnknownModel());
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = "com.knuddels.jtokkit.Encodings")
	static class CostEstimatorConfiguration {

		@Bean
		@ConditionalOnMissingBean
		PromptTokenCounter tokenMeterPromptTokenCounter() {
			return new JtokkitPromptTokenCounter();
		}

		@Bean
		@ConditionalOnMissingBean
		CostEstimator tokenMeterCostEstimator(CallPricer pricer, PromptTokenCounter counter) {
			return new CostEstimator(pricer, counter);
		}

	}

	@Bean
	SmartInitializingSingleton tokenMeterDefaultModelPriceCheck(ObjectProvider<ChatModel> chatModels,
			CallPricer pricer, TokenMeterProperties properties) {
		return () -> DefaultModelPriceCheck.check(chatModels.orderedStream().toList(), pricer,
				properties.getPricing().getUnknownModel());
	}

}
