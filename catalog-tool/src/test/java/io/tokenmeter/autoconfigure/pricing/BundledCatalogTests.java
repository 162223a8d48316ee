package io.tokenmeter.autoconfigure.pricing;

import java.util.Map;

import io.tokenmeter.core.pricing.ModelPrice;
import io.tokenmeter.core.pricing.RateTable;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The generated catalog as tokenmeter loads it: bound by PriceCatalog, built into the real RateTable. */
class BundledCatalogTests {

	private final PriceCatalog catalog = PriceCatalog.bundled();

	private final RateTable table = RateTableFactory.create(this.catalog, Map.of(), Map.of());

	@Test
	void theBundledCatalogPricesAtLeast150ModelsEachWithSourceAndDate() {
		assertThat(this.catalog.models()).hasSizeGreaterThanOrEqualTo(150);
		assertThat(this.catalog.effectiveDate()).isNotNull();
		this.catalog.models().forEach((id, pricing) -> {
			assertThat(pricing.getSource()).as(id).startsWith("https://");
			assertThat(pricing.getChecked()).as(id).isNotNull();
			assertThat(id).as("no provider scope or gateway prefix").doesNotContain(":", "/");
		});
	}

	@Test
	void theFirstGpt4oSnapshotHasItsOwnPrice() {
		ModelPrice price = this.table.find("openai", "gpt-4o-2024-05-13");
		assertThat(price.id()).isEqualTo("gpt-4o-2024-05-13");
		assertThat(price.rate().input()).isEqualByComparingTo("5.00");
		assertThat(price.rate().output()).isEqualByComparingTo("15.00");
		// later snapshots are gpt-4o's $2.50 / $10.00
		assertThat(this.table.find("openai", "gpt-4o-2024-08-06").rate().input()).isEqualByComparingTo("2.50");
	}

	@Test
	void aDatedClaudeIdResolvesToItsUndatedEntryWithTheOneHourWriteRate() {
		ModelPrice price = this.table.find("anthropic", "claude-sonnet-4-5-20250929");
		assertThat(price.id()).isEqualTo("claude-sonnet-4-5");
		assertThat(price.rate().input()).isEqualByComparingTo("3.00");
		assertThat(price.rate().output()).isEqualByComparingTo("15.00");
		// 1-hour cache writes: 2 × the $3.00 input
		assertThat(price.rate().cacheWrite1h()).isEqualByComparingTo("6.00");
	}

	@Test
	void aGeoPrefixedBedrockIdCostsTenPercentMoreThanTheGlobalOne() {
		ModelPrice regional = this.table.find("bedrock", "us.anthropic.claude-sonnet-4-5-20250929-v1:0");
		assertThat(regional.id()).isEqualTo("us.anthropic.claude-sonnet-4-5");
		// $3.00 × 1.1 = $3.30 in; $15.00 × 1.1 = $16.50 out
		assertThat(regional.rate().input()).isEqualByComparingTo("3.30");
		assertThat(regional.rate().output()).isEqualByComparingTo("16.50");
		ModelPrice global = this.table.find("bedrock", "global.anthropic.claude-sonnet-4-5-20250929-v1:0");
		assertThat(global.id()).isEqualTo("claude-sonnet-4-5");
	}

	@Test
	void aVertexIdResolvesToTheAnthropicEntry() {
		assertThat(this.table.find("vertex", "claude-sonnet-4-5@20250929").id()).isEqualTo("claude-sonnet-4-5");
	}

	@Test
	void gemini25ProCachedInputIsTenPercentOfInput() {
		ModelPrice price = this.table.find("google", "gemini-2.5-pro");
		// $1.25 input × 10% = $0.125 cached
		assertThat(price.rate().cacheRead()).isEqualByComparingTo("0.125");
	}

	@Test
	void mistralLatestAliasesArePricedAsTheModelTheyServeNow() {
		// mistral-large-latest serves Mistral Large 3 (mistral-large-2512): $0.50 / $1.50
		assertThat(this.table.find("mistral", "mistral-large-latest").rate().input())
			.isEqualByComparingTo(this.table.find("mistral", "mistral-large-2512").rate().input());
		assertThat(this.table.find("mistral", "mistral-large-latest").rate().output()).isEqualByComparingTo("1.50");
	}

}
