package io.tokenmeter.autoconfigure.pricing;

import java.util.List;
import java.util.Map;

import io.tokenmeter.core.pricing.CostEstimator;
import io.tokenmeter.core.pricing.ModelPrice;
import io.tokenmeter.core.pricing.RateTable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.ai.chat.model.ChatModel;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.prompt.ChatOptions;
import org.springframework.ai.chat.prompt.Prompt;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.core.env.MapPropertySource;

import static io.tokenmeter.autoconfigure.StartupFailures.analyze;
import static org.assertj.core.api.Assertions.assertThat;

/** The rate table as users write it in configuration, and the startup failures for what cannot work. */
@ExtendWith(OutputCaptureExtension.class)
class PricingConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(TokenMeterPricingAutoConfiguration.class));

	@Test
	void bracketedIdsWithDotsBindAndOverrideTheCatalogFieldByField() {
		// The bundled catalog has gpt-4.1 at $2.00 in / $0.50 cached / $8.00 out.
		this.runner.withPropertyValues("tokenmeter.pricing.models[gpt-4.1].input=1.60").run(context -> {
			ModelPrice price = context.getBean(RateTable.class).find("openai", "gpt-4.1-2025-04-14");
			assertThat(price.id()).isEqualTo("gpt-4.1");
			assertThat(price.rate().input()).isEqualByComparingTo("1.60");
			assertThat(price.rate().cacheRead()).isEqualByComparingTo("0.50");
			assertThat(price.rate().output()).isEqualByComparingTo("8.00");
		});
	}

	@Test
	void theCatalogCanBeLeftOut() {
		this.runner.withPropertyValues("tokenmeter.pricing.catalog=none")
			.run(context -> assertThat(context.getBean(RateTable.class).find("openai", "gpt-4o")).isNull());
		this.runner.run(context -> assertThat(context.getBean(RateTable.class).find("openai", "gpt-4o")).isNotNull());
	}

	@Test
	void providerScopedKeysPriceOneModelTwice() {
		// As in YAML: "[azure-openai:gpt-4o]": {input: 2.75, output: 11}
		this.runner.withPropertyValues("tokenmeter.pricing.catalog=none")
			.withInitializer(context -> context.getEnvironment()
				.getPropertySources()
				.addFirst(new MapPropertySource("rates",
						Map.of("tokenmeter.pricing.models[gpt-4o].input", "2.50",
								"tokenmeter.pricing.models[gpt-4o].output", "10",
								"tokenmeter.pricing.models[azure-openai:gpt-4o].input", "2.75",
								"tokenmeter.pricing.models[azure-openai:gpt-4o].output", "11"))))
			.run(context -> {
				RateTable table = context.getBean(RateTable.class);
				assertThat(table.find("openai", "gpt-4o").rate().input()).isEqualByComparingTo("2.50");
				assertThat(table.find("azure-openai", "gpt-4o").rate().input()).isEqualByComparingTo("2.75");
			});
	}

	@Test
	void aNegativeRateFailsStartupNamingTheProperty() {
		this.runner
			.withPropertyValues("tokenmeter.pricing.models[my-model].input=-1",
					"tokenmeter.pricing.models[my-model].output=2")
			.run(context -> {
				FailureAnalysis analysis = analyze(context.getStartupFailure());
				assertThat(analysis.getDescription()).contains("Property: tokenmeter.pricing.models[my-model].input")
					.contains("a rate of -1 is negative");
				assertThat(analysis.getAction()).contains("USD per 1,000,000 tokens");
			});
	}

	@Test
	void aMissingOutputRateFailsStartup() {
		this.runner.withPropertyValues("tokenmeter.pricing.models[my-model].input=1")
			.run(context -> assertThat(analyze(context.getStartupFailure()).getDescription())
				.contains("tokenmeter.pricing.models[my-model].output")
				.contains("no rate is set"));
	}

	@Test
	void aMalformedRateFailsStartupNamingTheProperty() {
		this.runner.withPropertyValues("tokenmeter.pricing.models[my-model].input=two dollars")
			.run(context -> assertThat(context.getStartupFailure())
				.hasStackTraceContaining("tokenmeter.pricing.models[my-model].input")
				.hasStackTraceContaining("two dollars"));
	}

	@Test
	void anAliasThatPointsNowhereFailsStartup() {
		this.runner.withPropertyValues("tokenmeter.pricing.aliases[fast]=gpt-9").run(context -> {
			FailureAnalysis analysis = analyze(context.getStartupFailure());
			assertThat(analysis.getDescription()).contains("tokenmeter.pricing.aliases[fast]");
			assertThat(analysis.getAction()).contains("Point it at a model configured under tokenmeter.pricing.models");
		});
	}

	@Test
	void overlappingPatternsOfEqualSpecificityFailStartup() {
		this.runner
			.withPropertyValues("tokenmeter.pricing.catalog=none", "tokenmeter.pricing.models[a].input=1",
					"tokenmeter.pricing.models[a].output=1", "tokenmeter.pricing.models[a].patterns=llama-*-70b",
					"tokenmeter.pricing.models[b].input=2", "tokenmeter.pricing.models[b].output=2",
					"tokenmeter.pricing.models[b].patterns=llama-3*70b")
			.run(context -> {
				FailureAnalysis analysis = analyze(context.getStartupFailure());
				assertThat(analysis.getDescription()).contains("tokenmeter.pricing.models[b].patterns")
					.contains("overlaps 'llama-*-70b'");
				assertThat(analysis.getAction()).contains("Make one pattern more specific");
			});
	}

	@Test
	void failPolicyRefusesToStartWhenTheDefaultModelHasNoPrice() {
		this.runner.withBean(ChatModel.class, () -> new DefaultModelOnly("my-finetune-v3"))
			.withPropertyValues("tokenmeter.pricing.unknown-model=fail")
			.run(context -> {
				FailureAnalysis analysis = analyze(context.getStartupFailure());
				assertThat(analysis.getDescription()).contains("'my-finetune-v3'")
					.contains("tokenmeter.pricing.unknown-model is 'fail'");
				assertThat(analysis.getAction()).contains("tokenmeter.pricing.models[my-finetune-v3].input");
			});
		this.runner.withBean(ChatModel.class, () -> new DefaultModelOnly("my-finetune-v3"))
			.run(context -> assertThat(context).hasNotFailed());
	}

	@Test
	void warnPolicyLogsHowToPriceTheDefaultModelInPropertiesAndInYaml(CapturedOutput output) {
		this.runner.withBean(ChatModel.class, () -> new DefaultModelOnly("acme-4.1-mini"))
			.run(context -> assertThat(context).hasNotFailed());

		// The same syntax as the per-call warning's (CallPricerTests): brackets keep the dot in the model id.
		assertThat(output).contains("the default model 'acme-4.1-mini' of DefaultModelOnly has no price")
			.contains("in application.properties tokenmeter.pricing.models[acme-4.1-mini].input=... and "
					+ "tokenmeter.pricing.models[acme-4.1-mini].output=...")
			.contains("in application.yml \"[acme-4.1-mini]\": {input: ..., output: ...} under "
					+ "tokenmeter.pricing.models")
			.doesNotContain("models.[");
	}

	@Test
	void aCostEstimatorIsAvailable() {
		this.runner.run(context -> assertThat(context.getBean(CostEstimator.class)
			.compare("Hello", 100, List.of("gpt-4o", "gpt-4o-mini"))).hasSize(2));
	}

	record DefaultModelOnly(String model) implements ChatModel {

		@Override
		public ChatResponse call(Prompt prompt) {
			throw new UnsupportedOperationException();
		}

		@Override
		public ChatOptions getDefaultOptions() {
			return ChatOptions.builder().model(this.model).build();
		}

	}

}
