package io.tokenmeter.autoconfigure.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.tokenmeter.autoconfigure.TokenMeterAutoConfiguration;
import io.tokenmeter.autoconfigure.TokenMeterProperties;
import io.tokenmeter.autoconfigure.pricing.TokenMeterPricingAutoConfiguration;
import io.tokenmeter.core.call.internal.MeteringFailures;
import io.tokenmeter.core.call.internal.MeteringStage;
import io.tokenmeter.core.lifecycle.LlmCallRecorder.StagedListener;
import io.tokenmeter.core.metrics.internal.TagLimits;
import io.tokenmeter.core.metrics.internal.TokenMeterMetrics;
import org.springframework.ai.chat.client.ChatClient;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * Publishes every metered call to Micrometer ({@code llm.*} meters and {@code tokenmeter.errors}).
 *
 * @since 0.2.0
 */
@AutoConfiguration(after = TokenMeterPricingAutoConfiguration.class, before = TokenMeterAutoConfiguration.class,
		afterName = { "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
				"org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration" })
@ConditionalOnClass({ ChatClient.class, MeterRegistry.class })
@ConditionalOnBean(MeterRegistry.class)
@ConditionalOnBooleanProperty(name = { "tokenmeter.enabled", "tokenmeter.metrics.enabled" }, matchIfMissing = true)
@EnableConfigurationProperties(TokenMeterProperties.class)
public final class TokenMeterMetricsAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	TokenMeterMetrics tokenMeterMetrics(MeterRegistry registry, TokenMeterProperties properties,
			MeteringFailures failures) {
		TokenMeterProperties.Metrics metrics = properties.getMetrics();
		return new TokenMeterMetrics(registry, new TagLimits(metrics.isUserTag(), metrics.getMaxUserTags(),
				metrics.getMaxAgentTags(), metrics.getMaxModelTags()), failures);
	}

	@Bean
	StagedListener tokenMeterMetricsListener(TokenMeterMetrics metrics) {
		return new StagedListener(MeteringStage.METRICS, metrics);
	}

}
