package io.tokenmeter.autoconfigure.platform;

import io.tokenmeter.advisor.TokenMeterAdvisor;
import io.tokenmeter.autoconfigure.TokenMeterAutoConfiguration;
import io.tokenmeter.autoconfigure.pricing.TokenMeterPricingAutoConfiguration;
import org.junit.jupiter.api.Test;

import org.springframework.ai.chat.client.ChatClientBuilderCustomizer;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With the platform check off on Spring AI 1.x, whose {@code ChatClient} has no {@code ChatClientBuilderCustomizer}
 * beside it, the metering configuration backs off instead of failing on that missing class.
 */
class BypassedPlatformCheckTests {

	@Test
	void withoutTheSpringAiTwoCustomizerTheMeteringConfigurationBacksOff() {
		new ApplicationContextRunner()
			.withConfiguration(
					AutoConfigurations.of(TokenMeterPricingAutoConfiguration.class, TokenMeterAutoConfiguration.class))
			.withClassLoader(new FilteredClassLoader(ChatClientBuilderCustomizer.class))
			.withPropertyValues("tokenmeter.pricing.catalog=none", "tokenmeter.platform-check.enabled=false")
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(TokenMeterAdvisor.class));
	}

}
