package io.tokenmeter.core.pricing;

import java.util.List;
import java.util.Map;

import io.tokenmeter.core.internal.InvalidConfigurationException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class RateTableTests {

	private final ModelPrice gpt4o = ModelPrice.of("gpt-4o", ModelRate.of("2.50", "10.00"));

	private final ModelPrice gpt4oMini = ModelPrice.of("gpt-4o-mini", ModelRate.of("0.15", "0.60"));

	private final ModelPrice azureGpt4o = ModelPrice.of("gpt-4o", ModelRate.of("2.75", "11.00"));

	private final RateTable table = new RateTable(List.of(
			new PriceEntry(null, this.gpt4o, List.of("chatgpt-4o-latest"), List.of("gpt-4o-20*")),
			new PriceEntry(null, this.gpt4oMini, List.of(), List.of("gpt-4o-mini-20*")),
			new PriceEntry("azure-openai", this.azureGpt4o, List.of(), List.of("gpt-4o-20*"))), Map.of("gpt4o", "gpt-4o"));

	@Test
	void datedSnapshotsResolveThroughTheirPattern() {
		assertThat(this.table.find("openai", "gpt-4o-2024-08-06")).isSameAs(this.gpt4o);
		assertThat(this.table.find("openai", "gpt-4o-mini-2024-07-18")).isSameAs(this.gpt4oMini);
	}

	@Test
	void exactIdsAndAliasesResolve() {
		assertThat(this.table.find("openai", "gpt-4o")).isSameAs(this.gpt4o);
		assertThat(this.table.find("openai", "chatgpt-4o-latest")).isSameAs(this.gpt4o);
		assertThat(this.table.find("openai", "gpt4o")).isSameAs(this.gpt4o);
	}

	@Test
	void variantsPricedDifferentlyByTheProviderDoNotMatchTheBaseModel() {
		assertThat(this.table.find("openai", "gpt-4o-audio-preview")).isNull();
		assertThat(this.table.find("openai", "gpt-4o-mini-search-preview")).isNull();
		assertThat(this.table.find("openai", "llama3.1:8b")).isNull();
		assertThat(this.table.find("openai", null)).isNull();
	}

	@Test
	void aProviderScopedPriceBeatsTheGenericOneForThatProviderOnly() {
		assertThat(this.table.find("azure-openai", "gpt-4o")).isSameAs(this.azureGpt4o);
		assertThat(this.table.find("azure-openai", "gpt-4o-2024-11-20")).isSameAs(this.azureGpt4o);
		assertThat(this.table.find("openai", "gpt-4o-2024-11-20")).isSameAs(this.gpt4o);
	}

	@Test
	void theMostSpecificPatternWins() {
		RateTable table = new RateTable(List.of(new PriceEntry(null, this.gpt4o, List.of(), List.of("gpt-4*")),
				new PriceEntry(null, this.gpt4oMini, List.of(), List.of("gpt-4o-mini*"))), Map.of());

		assertThat(table.find("openai", "gpt-4o-mini-2024-07-18")).isSameAs(this.gpt4oMini);
		assertThat(table.find("openai", "gpt-4-turbo")).isSameAs(this.gpt4o);
	}

	@Test
	void answersAreCachedPerProviderAndId() {
		assertThat(this.table.find("openai", "gpt-4o-2024-08-06")).isSameAs(this.table.find("openai", "gpt-4o-2024-08-06"));
		assertThat(this.table.find("openai", "unknown-model")).isNull();
		assertThat(this.table.find("openai", "unknown-model")).isNull();
	}

	@Test
	void anAliasThatPointsNowhereIsRefusedNamingTheProperty() {
		assertThatExceptionOfType(InvalidConfigurationException.class)
			.isThrownBy(() -> new RateTable(List.of(new PriceEntry(null, this.gpt4o, List.of(), List.of())),
					Map.of("my-model", "gpt-5-turbo")))
			.satisfies(ex -> {
				assertThat(ex.getProperty()).isEqualTo("tokenmeter.pricing.aliases[my-model]");
				assertThat(ex.getMessage()).contains("'gpt-5-turbo', which has no price");
			});
	}

	@Test
	void overlappingPatternsOfEqualSpecificityAreRefused() {
		assertThatExceptionOfType(InvalidConfigurationException.class)
			.isThrownBy(() -> new RateTable(List.of(new PriceEntry(null, this.gpt4o, List.of(), List.of("gpt-*-mini")),
					new PriceEntry(null, this.gpt4oMini, List.of(), List.of("gpt-4o*ini"))), Map.of()))
			.satisfies(ex -> {
				assertThat(ex.getProperty()).isEqualTo("tokenmeter.pricing.models[gpt-4o-mini].patterns");
				assertThat(ex.getMessage()).contains("overlaps 'gpt-*-mini'");
			});
	}

	@Test
	void oneAliasOnTwoModelsIsRefused() {
		assertThatExceptionOfType(InvalidConfigurationException.class)
			.isThrownBy(() -> new RateTable(List.of(new PriceEntry(null, this.gpt4o, List.of("fast"), List.of()),
					new PriceEntry(null, this.gpt4oMini, List.of("fast"), List.of())), Map.of()))
			.withMessageContaining("alias 'fast' names two different models");
	}

}
