package io.tokenmeter.autoconfigure.pricing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;

import io.tokenmeter.core.pricing.CatalogStatus;
import io.tokenmeter.core.pricing.ModelPrice;
import io.tokenmeter.core.pricing.RateTable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static io.tokenmeter.autoconfigure.StartupFailures.analyze;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code tokenmeter.pricing.catalog}: bundled, none, or the application's own file; and how fresh it is. */
@ExtendWith(OutputCaptureExtension.class)
class PriceCatalogConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(TokenMeterPricingAutoConfiguration.class));

	@Test
	void aTokenmeterYamlCatalogReplacesTheBundledOneAndConfiguredRatesOverlayIt() {
		this.runner
			.withPropertyValues("tokenmeter.pricing.catalog=classpath:catalogs/negotiated.yml",
					"tokenmeter.pricing.models[claude-sonnet-4-5].output=11.00")
			.run(context -> {
				RateTable table = context.getBean(RateTable.class);
				ModelPrice gpt4o = table.find("openai", "gpt-4o-2024-08-06");
				assertThat(gpt4o.rate().input()).isEqualByComparingTo("2.00");
				assertThat(gpt4o.rate().cacheRead()).isEqualByComparingTo("1.00");
				ModelPrice sonnet = table.find("anthropic", "claude-sonnet-4-5-20250929");
				assertThat(sonnet.rate().input()).isEqualByComparingTo("2.40");
				assertThat(sonnet.rate().output()).isEqualByComparingTo("11.00");
				assertThat(table.find("openai", "gpt-5")).as("only the file's models").isNull();
				CatalogStatus status = context.getBean(CatalogStatus.class);
				assertThat(status.location()).isEqualTo("classpath:catalogs/negotiated.yml");
				assertThat(status.source()).isEqualTo("ACME contract 2026-11");
				assertThat(status.effectiveDate()).isEqualTo(LocalDate.of(2026, 11, 2));
				assertThat(status.catalogModels()).isEqualTo(2);
				assertThat(status.configuredModels()).isEqualTo(1);
			});
	}

	@Test
	void aLiteLlmPriceFileIsReadWithItsGatewayPrefixesAndLongContextTiers() {
		this.runner.withPropertyValues("tokenmeter.pricing.catalog=classpath:catalogs/litellm-prices.json")
			.run(context -> {
				RateTable table = context.getBean(RateTable.class);
				// 2.5e-06 per token × 1,000,000 = $2.50 per 1M
				assertThat(table.find("openai", "gpt-4o-2024-08-06").rate().input()).isEqualByComparingTo("2.50");
				ModelPrice gemini = table.find("google", "gemini-2.5-pro");
				// 1.25e-07 per token × 1,000,000 = $0.125 per 1M cached input
				assertThat(gemini.rate().cacheRead()).isEqualByComparingTo("0.125");
				// above 200k prompt tokens: 2.5e-06 → $2.50 in, 1.5e-05 → $15 out
				assertThat(gemini.rateForPrompt(200_001).input()).isEqualByComparingTo("2.50");
				assertThat(gemini.rateForPrompt(200_001).output()).isEqualByComparingTo("15");
				assertThat(context.getBean(CatalogStatus.class).catalogModels()).isEqualTo(2);
			});
	}

	@Test
	void aMissingCatalogFileFailsStartupNamingThePropertyAndTheFile() {
		this.runner.withPropertyValues("tokenmeter.pricing.catalog=file:/nonexistent/prices.json").run(context -> {
			FailureAnalysis analysis = analyze(context.getStartupFailure());
			assertThat(analysis.getDescription()).contains("tokenmeter.pricing.catalog")
				.contains("file:/nonexistent/prices.json")
				.contains("does not exist");
			assertThat(analysis.getAction()).contains("bundled").contains("none");
		});
	}

	@Test
	void aCatalogOfAnotherKindFailsStartupSayingWhichKindsAreRead() {
		this.runner.withPropertyValues("tokenmeter.pricing.catalog=classpath:catalogs/prices.csv").run(context -> {
			FailureAnalysis analysis = analyze(context.getStartupFailure());
			assertThat(analysis.getDescription()).contains("tokenmeter.pricing.catalog")
				.contains("classpath:catalogs/prices.csv");
			assertThat(analysis.getAction()).contains(".yml").contains(".json");
		});
	}

	@Test
	void aBadRateInAYamlCatalogFailsStartupNamingTheFileAndTheEntry() {
		this.runner.withPropertyValues("tokenmeter.pricing.catalog=classpath:catalogs/bad-rate.yml").run(context -> {
			FailureAnalysis analysis = analyze(context.getStartupFailure());
			assertThat(analysis.getDescription()).contains("tokenmeter.pricing.catalog")
				.contains("classpath:catalogs/bad-rate.yml")
				.contains("catalog.models[gpt-4o].input")
				.contains("cheap");
		});
	}

	@Test
	void anUnknownFieldInAYamlCatalogFailsStartupNamingTheFileTheEntryAndTheNearestField() {
		this.runner.withPropertyValues("tokenmeter.pricing.catalog=classpath:catalogs/unknown-field.yml")
			.run(context -> {
				FailureAnalysis analysis = analyze(context.getStartupFailure());
				assertThat(analysis.getDescription()).contains("classpath:catalogs/unknown-field.yml")
					.contains("unknown field 'inptu' in 'catalog.models[gpt-4o].inptu'");
				assertThat(analysis.getAction()).startsWith("Did you mean 'catalog.models[gpt-4o].input'?");
			});
	}

	@Test
	void theBundledCatalogHasNoUnknownFields() {
		assertThat(PriceCatalog.bundledStrict().models()).hasSizeGreaterThan(100);
	}

	@Test
	void aMissingRateInACatalogFileNamesTheFileEntryNotTheApplicationProperty() {
		this.runner.withPropertyValues("tokenmeter.pricing.catalog=classpath:catalogs/missing-output.yml")
			.run(context -> {
				FailureAnalysis analysis = analyze(context.getStartupFailure());
				assertThat(analysis.getDescription())
					.contains("tokenmeter.pricing.catalog (classpath:catalogs/missing-output.yml) models[gpt-4o].output");
			});
	}

	@Test
	void aBadEntryInALiteLlmFileFailsStartupNamingTheFileAndTheEntry() {
		this.runner.withPropertyValues("tokenmeter.pricing.catalog=classpath:catalogs/litellm-negative.json")
			.run(context -> {
				FailureAnalysis analysis = analyze(context.getStartupFailure());
				assertThat(analysis.getDescription()).contains("tokenmeter.pricing.catalog")
					.contains("classpath:catalogs/litellm-negative.json")
					.contains("gpt-4o");
			});
	}

	@Test
	void aNonPositiveCatalogMaxAgeFailsStartup() {
		this.runner.withPropertyValues("tokenmeter.pricing.catalog-max-age=-5d").run(context -> {
			FailureAnalysis analysis = analyze(context.getStartupFailure());
			assertThat(analysis.getDescription()).contains("tokenmeter.pricing.catalog-max-age");
			assertThat(analysis.getAction()).contains("180d");
		});
	}

	@Test
	void startupLogsTheCatalogsDateSourceAndModelCount(CapturedOutput output) {
		this.runner.run(context -> {
			CatalogStatus status = context.getBean(CatalogStatus.class);
			assertThat(status.location()).isEqualTo("bundled");
			assertThat(status.effectiveDate()).isNotNull();
			assertThat(output).contains("tokenmeter: price catalog bundled, dated " + status.effectiveDate())
				.contains(status.catalogModels() + " models (" + status.source() + ")");
		});
	}

	@Test
	void aCatalogOlderThanTheMaxAgeIsWarnedAboutAtStartup(CapturedOutput output) {
		CatalogStatus status = new CatalogStatus("bundled", "LiteLLM 2026-07-24", LocalDate.of(2026, 7, 24), 200, 0,
				Duration.ofDays(90));
		Clock december = Clock.fixed(Instant.parse("2026-12-01T10:00:00Z"), ZoneOffset.UTC);

		CatalogStartupLog.log(status, december);

		// 2026-07-24 → 2026-12-01: 7 (rest of July) + 31 + 30 + 31 + 30 + 1 = 130 days, over 90
		assertThat(status.ageDays(december)).isEqualTo(130);
		assertThat(output).contains("dated 2026-07-24 (130 days old)")
			.contains("older than tokenmeter.pricing.catalog-max-age (90 days)");
	}

	@Test
	void aCatalogYoungerThanTheMaxAgeIsNotWarnedAbout(CapturedOutput output) {
		CatalogStatus status = new CatalogStatus("bundled", "LiteLLM 2026-07-24", LocalDate.of(2026, 7, 24), 200, 0,
				Duration.ofDays(180));

		CatalogStartupLog.log(status, Clock.fixed(Instant.parse("2026-12-01T10:00:00Z"), ZoneOffset.UTC));

		assertThat(output).contains("130 days old").doesNotContain("catalog-max-age");
	}

}
