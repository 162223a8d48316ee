package io.tokenmeter.autoconfigure.alerts;

import java.math.BigDecimal;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tokenmeter.autoconfigure.TokenMeterAutoConfiguration;
import io.tokenmeter.autoconfigure.metrics.TokenMeterMetricsAutoConfiguration;
import io.tokenmeter.autoconfigure.pricing.TokenMeterPricingAutoConfiguration;
import io.tokenmeter.core.alert.CallCostAlertEvent;
import io.tokenmeter.core.alert.internal.CallCostAlerts;
import io.tokenmeter.core.lifecycle.LlmCallRecorder;
import io.tokenmeter.core.metrics.internal.CallCostAlertMetrics;
import io.tokenmeter.testsupport.Calls;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.EventListener;

import static org.assertj.core.api.Assertions.assertThat;

class TokenMeterAlertsAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(TokenMeterPricingAutoConfiguration.class,
				TokenMeterMetricsAutoConfiguration.class, TokenMeterAlertsAutoConfiguration.class,
				TokenMeterAutoConfiguration.class))
		.withUserConfiguration(RegistryAndListener.class)
		.withPropertyValues("tokenmeter.pricing.catalog=none");

	@Test
	void withoutAThresholdNothingIsRegistered() {
		this.runner.run(context -> assertThat(context).doesNotHaveBean(CallCostAlerts.class)
			.doesNotHaveBean(CallCostAlertMetrics.class)
			.doesNotHaveBean("tokenMeterCallCostAlertsListener"));
	}

	@Test
	void aPerAgentThresholdAloneTurnsAlertsOn() {
		this.runner.withPropertyValues("tokenmeter.alerts.agents.research=0.10").run(context -> {
			assertThat(context).hasSingleBean(CallCostAlerts.class).hasSingleBean(CallCostAlertMetrics.class);
		});
	}

	@Test
	void aRecordedCallAboveTheThresholdIsPublishedAndCountedOnce() {
		this.runner.withPropertyValues("tokenmeter.alerts.call-cost-above=0.05", "tokenmeter.alerts.log=false")
			.run(context -> {
				LlmCallRecorder recorder = context.getBean(LlmCallRecorder.class);
				// No price is configured, so the recorder leaves these unpriced: give them their cost by hand.
				context.getBean(CallCostAlerts.class).onCall(Calls.chat("gpt-4o").cost(new BigDecimal("0.06")).build());
				recorder.record(Calls.chat("gpt-4o").build());

				assertThat(context.getBean(RegistryAndListener.class).alerts).singleElement()
					.extracting(CallCostAlertEvent::cost)
					.isEqualTo(new BigDecimal("0.06"));
				assertThat(context.getBean(MeterRegistry.class)
					.get(CallCostAlertMetrics.ALERTS)
					.tag("model", "gpt-4o")
					.tag("agent", "support")
					.counter()
					.count()).isEqualTo(1);
			});
	}

	@Configuration(proxyBeanMethods = false)
	static class RegistryAndListener {

		final List<CallCostAlertEvent> alerts = new CopyOnWriteArrayList<>();

		@Bean
		MeterRegistry meterRegistry() {
			return new SimpleMeterRegistry();
		}

		@EventListener
		void on(CallCostAlertEvent alert) {
			this.alerts.add(alert);
		}

	}

}
