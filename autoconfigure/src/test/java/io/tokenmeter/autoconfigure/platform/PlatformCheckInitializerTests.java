package io.tokenmeter.autoconfigure.platform;

import java.util.concurrent.atomic.AtomicBoolean;

import io.tokenmeter.autoconfigure.TokenMeterAutoConfiguration;
import io.tokenmeter.autoconfigure.pricing.TokenMeterPricingAutoConfiguration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.type.AnnotatedTypeMetadata;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

@ExtendWith(OutputCaptureExtension.class)
class PlatformCheckInitializerTests {

	private static final PlatformVersions BOOT_3 = new PlatformVersions("3.5.7", "1.1.2");

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(
				AutoConfigurations.of(TokenMeterPricingAutoConfiguration.class, TokenMeterAutoConfiguration.class))
		.withPropertyValues("tokenmeter.pricing.catalog=none");

	@Test
	void oldVersionsAreRefusedWithTheVersionsFoundAndNeeded() {
		this.runner.withInitializer(new PlatformCheckInitializer((classLoader) -> BOOT_3)).run((context) -> {
			assertThat(context).hasFailed();
			FailureAnalysis analysis = new UnsupportedPlatformFailureAnalyzer().analyze(context.getStartupFailure());
			assertThat(analysis.getDescription())
				.isEqualTo("tokenmeter needs Spring Boot 4.x and Spring AI 2.x; found Spring Boot 3.5.7"
						+ " and Spring AI 1.1.2.");
			assertThat(analysis.getAction()).contains("Upgrade the application to Spring Boot 4.x and Spring AI 2.x")
				.contains("remove the tokenmeter-spring-boot-starter dependency");
		});
	}

	@Test
	void theRefusalComesBeforeAnyConditionIsEvaluated() {
		ConditionProbe.evaluated.set(false);
		this.runner.withUserConfiguration(ProbedConfiguration.class)
			.withInitializer(new PlatformCheckInitializer((classLoader) -> BOOT_3))
			.run((context) -> assertThat(context).hasFailed());
		assertThat(ConditionProbe.evaluated).isFalse();
	}

	@Test
	void theCheckCanBeSwitchedOff() {
		this.runner.withPropertyValues("tokenmeter.platform-check.enabled=false")
			.withInitializer(new PlatformCheckInitializer((classLoader) -> BOOT_3))
			.run((context) -> assertThat(context).hasNotFailed());
	}

	@Test
	void unknownVersionsStart() {
		this.runner.withInitializer(new PlatformCheckInitializer((classLoader) -> new PlatformVersions(null, null)))
			.run((context) -> assertThat(context).hasNotFailed());
	}

	@Test
	void aSpringApplicationOnOldVersionsPrintsTheAnalysis(CapturedOutput output) {
		SpringApplication application = new SpringApplication(EmptyApplication.class);
		application.setWebApplicationType(WebApplicationType.NONE);
		application.addInitializers(new PlatformCheckInitializer((classLoader) -> BOOT_3));

		assertThatException().isThrownBy(application::run).isInstanceOf(UnsupportedPlatformException.class);
		assertThat(output).contains("APPLICATION FAILED TO START")
			.contains("tokenmeter needs Spring Boot 4.x and Spring AI 2.x; found Spring Boot 3.5.7 and Spring AI 1.1.2.")
			.contains("Upgrade the application to Spring Boot 4.x and Spring AI 2.x")
			.doesNotContain("NoClassDefFoundError");
	}

	@Test
	void aSpringApplicationOnBootFourStartsWithTheRegisteredCheck() {
		SpringApplication application = new SpringApplication(EmptyApplication.class);
		application.setWebApplicationType(WebApplicationType.NONE);
		assertThat(application.getInitializers()).hasAtLeastOneElementOfType(PlatformCheckInitializer.class);

		try (ConfigurableApplicationContext context = application.run()) {
			assertThat(context.isActive()).isTrue();
		}
	}

	@Configuration(proxyBeanMethods = false)
	static class EmptyApplication {

	}

	@Configuration(proxyBeanMethods = false)
	@Conditional(ConditionProbe.class)
	static class ProbedConfiguration {

	}

	static class ConditionProbe implements Condition {

		static final AtomicBoolean evaluated = new AtomicBoolean();

		@Override
		public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
			evaluated.set(true);
			return true;
		}

	}

}
