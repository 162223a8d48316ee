package io.tokenmeter.catalog;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** The committed catalog is exactly what the tool makes of the committed sources, so it cannot drift. */
class CatalogRegenerationTests {

	static final Path SOURCES = Path.of("sources");

	static final Path COMMITTED = Path.of("../autoconfigure/src/main/resources/io/tokenmeter/pricing/price-catalog.yml");

	static CatalogArguments arguments(Path out) {
		return CatalogArguments.parse("--litellm",
				SOURCES.resolve("litellm-model_prices_and_context_window-2026-07-24.json").toString(), "--langfuse",
				SOURCES.resolve("langfuse-default-model-prices-2026-08-22.json").toString(), "--overrides",
				SOURCES.resolve("overrides.json").toString(), "--current", COMMITTED.toString(), "--out",
				out.toString());
	}

	@Test
	void regeneratingFromTheSourcesYieldsExactlyTheCommittedCatalog(@TempDir Path dir) throws Exception {
		Path out = dir.resolve("price-catalog.yml");
		ByteArrayOutputStream report = new ByteArrayOutputStream();
		CatalogTool.run(arguments(out), new PrintStream(report, true, StandardCharsets.UTF_8));
		assertThat(Files.readString(out)).as("run ops/refresh-catalog.sh and commit the catalog")
			.isEqualTo(Files.readString(COMMITTED));
		assertThat(report.toString(StandardCharsets.UTF_8)).contains("no changes against the current catalog");
	}

	@Test
	void theReportCountsModelsPerProviderAndListsUnsettledDisagreements(@TempDir Path dir) throws Exception {
		ByteArrayOutputStream report = new ByteArrayOutputStream();
		CatalogTool.run(arguments(dir.resolve("out.yml")), new PrintStream(report, true, StandardCharsets.UTF_8));
		String text = report.toString(StandardCharsets.UTF_8);
		assertThat(text).contains("== models per provider", "OpenAI", "Amazon Nova on Amazon Bedrock", "total")
			.contains("gpt-4o-2024-05-13")
			.contains("UNSETTLED");
	}

	@Test
	void everySourceIdInScopeResolvesToItsOwnPriceExceptLiteLlmsOwnDuplicates() throws Exception {
		GeneratedCatalog catalog = CatalogTool.generate(arguments(Path.of("unused.yml")));
		// LiteLLM lists these ids twice (with and without the gateway prefix) at different prices; the catalog
		// keeps the unprefixed key's.
		assertThat(catalog.mismatches()).containsExactlyInAnyOrder(
				"deepseek/deepseek-chat resolves to deepseek-chat at another price",
				"gemini/gemini-flash-latest resolves to gemini-flash-latest at another price",
				"gemini/gemini-flash-lite-latest resolves to gemini-flash-lite-latest at another price");
	}

}
