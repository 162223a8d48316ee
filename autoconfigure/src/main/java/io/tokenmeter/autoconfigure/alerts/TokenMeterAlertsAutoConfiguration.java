package io.tokenmeter.autoconfigure.alerts;

import java.util.function.Consumer;

import io.micrometer.core.instrument.MeterRegistry;
import io.tokenmeter.autoconfigure.TokenMeterAutoConfiguration;
import io.tokenmeter.autoconfigure.TokenMeterProperties;
import io.tokenmeter.autoconfigure.metrics.TokenMeterMetricsAutoConfiguration;
import io.tokenmeter.core.alert.CallCostAlertEvent;
import io.tokenmeter.core.alert.internal.CallCostAlerts;
import io.tokenmeter.core.alert.internal.CallCostThresholds;
import io.tokenmeter.core.call.internal.MeteringStage;
import io.tokenmeter.core.lifecycle.LlmCallRecorder.StagedListener;
import io.tokenmeter.core.metrics.internal.CallCostAlertMetrics;
import io.tokenmeter.core.metrics.internal.TagLimits;
import io.tokenmeter.core.metrics.internal.TokenMeterMetrics;
import org.springframework.ai.chat.client.ChatClient;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Per-call cost alerts, only when a threshold is configured ({@code tokenmeter.alerts.call-cost-above}, or one per
 * model or agent): without one nothing is registered and calls pay nothing for the feature.
 *
 * @since 0.2.0
 */
@AutoConfiguration(after = TokenMeterMetricsAutoConfiguration.class, before = TokenMeterAutoConfiguration.class)
@ConditionalOnClass(ChatClient.class)
@ConditionalOnBooleanProperty(name = "tokenmeter.enabled", matchIfMissing = true)
@Conditional(TokenMeterAlertsAutoConfiguration.ThresholdConfigured.class)
@EnableConfigurationProperties(TokenMeterProperties.class)
public final class TokenMeterAlertsAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	CallCostAlerts tokenMeterCallCostAlerts(TokenMeterProperties properties, ApplicationEventPublisher events,
			ObjectProvider<CallCostAlertMetrics> metrics) {
		TokenMeterProperties.Alerts alerts = properties.getAlerts();
		CallCostAlertMetrics counter = metrics.getIfAvailable();
		Consumer<CallCostAlertEvent> publisher = counter == null ? events::publishEvent : alert -> {
			counter.accept(alert);
			events.publishEvent(alert);
		};
		return new CallCostAlerts(thresholds(alerts), publisher, alerts.isLog() ? alerts.getLogInterval() : null);
	}

	@Bean
	@Order(150)
	StagedListener tokenMeterCallCostAlertsListener(CallCostAlerts alerts) {
		return new StagedListener(MeteringStage.EVENTS, alerts);
	}

	static CallCostThresholds thresholds(TokenMeterProperties.Alerts alerts) {
		return new CallCostThresholds(alerts.getCallCostAbove(), alerts.getModels(), alerts.getAgents());
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(MeterRegistry.class)
	@ConditionalOnBean(TokenMeterMetrics.class)
	static class AlertMetricsConfiguration {

		@Bean
		@ConditionalOnMissingBean
		CallCostAlertMetrics tokenMeterCallCostAlertMetrics(MeterRegistry registry, TokenMeterProperties properties) {
			TokenMeterProperties.Metrics metrics = properties.getMetrics();
			return new CallCostAlertMetrics(registry, new TagLimits(metrics.isUserTag(), metrics.getMaxUserTags(),
					metrics.getMaxAgentTags(), metrics.getMaxModelTags()));
		}

	}

	/** Matches when any call-cost threshold is set. */
	static final class ThresholdConfigured extends SpringBootCondition {

		@Override
		public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
			TokenMeterProperties.Alerts alerts = Binder.get(context.getEnvironment())
				.bind("tokenmeter.alerts", Bindable.of(TokenMeterProperties.Alerts.class))
				.orElseGet(TokenMeterProperties.Alerts::new);
			return thresholds(alerts).none() ? ConditionOutcome.noMatch("no tokenmeter.alerts threshold is set")
					: ConditionOutcome.match("a tokenmeter.alerts threshold is set");
		}

	}

}
