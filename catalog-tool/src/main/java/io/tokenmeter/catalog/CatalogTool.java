package io.tokenmeter.catalog;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import io.tokenmeter.autoconfigure.TokenMeterProperties.ModelPricing;
import io.tokenmeter.autoconfigure.pricing.internal.LiteLlmPriceFile;

/**
 * Generates tokenmeter's bundled price catalog from LiteLLM's price table, cross-checked against Langfuse's, with
 * curated overrides; prints the models per provider, what changed against the current catalog, and where the
 * sources disagree. Reads only its arguments (no network). Run through {@code ops/refresh-catalog.sh}.
 */
public final class CatalogTool {

	private CatalogTool() {
	}

	public static void main(String[] args) throws IOException {
		CatalogArguments arguments;
		try {
			arguments = CatalogArguments.parse(args);
		}
		catch (IllegalArgumentException ex) {
			System.err.println(ex.getMessage());
			System.exit(2);
			return;
		}
		try {
			run(arguments, System.out);
		}
		catch (IllegalArgumentException ex) {
			System.err.println("catalog tool: " + ex.getMessage());
			System.exit(1);
		}
	}

	/** Generates, writes {@code --out} and prints the report. */
	static GeneratedCatalog run(CatalogArguments arguments, PrintStream out) throws IOException {
		Map<String, ModelPricing> current = CatalogYamlReader.read(arguments.current());
		GeneratedCatalog catalog = generate(arguments);
		Files.writeString(arguments.out(), catalog.yaml(), StandardCharsets.UTF_8);
		report(catalog, CatalogDiff.between(current, catalog.entries()), out);
		out.println("wrote " + arguments.out());
		return catalog;
	}

	static GeneratedCatalog generate(CatalogArguments arguments) throws IOException {
		List<LiteLlmPriceFile.Entry> litellm;
		try (InputStream json = Files.newInputStream(arguments.litellm())) {
			litellm = LiteLlmPriceFile.entries(json, arguments.litellm().toString());
		}
		return CatalogGenerator.generate(litellm, CatalogArguments.snapshotDate(arguments.litellm()),
				LangfusePrices.read(arguments.langfuse()), CatalogArguments.snapshotDate(arguments.langfuse()),
				OverrideFile.read(arguments.overrides()), arguments.date());
	}

	static void report(GeneratedCatalog catalog, CatalogDiff diff, PrintStream out) {
		out.println("tokenmeter price catalog " + catalog.effectiveDate() + " from " + catalog.source());
		Map<Provider, Integer> counts = new EnumMap<>(Provider.class);
		catalog.entries().values().forEach((entry) -> counts.merge(entry.provider(), 1, Integer::sum));
		out.println();
		out.println("== models per provider");
		counts.forEach((provider, count) -> out.printf("  %-32s %4d%n", provider.displayName(), count));
		out.printf("  %-32s %4d%n", "total", catalog.entries().size());
		long deprecated = catalog.entries().values().stream().filter((e) -> e.pricing().getDeprecated() != null)
			.count();
		out.println("  (" + deprecated + " marked deprecated; " + catalog.dropped().size()
				+ " dated/versioned/prefixed ids left out because they resolve to an entry at the same price)");
		out.println();
		out.println("== changes against the current catalog");
		diff.lines().forEach((line) -> out.println("  " + line));
		out.println();
		List<Disagreement> disagreements = catalog.disagreements();
		long unsettled = disagreements.stream().filter((d) -> !d.settled()).count();
		out.println("== LiteLLM vs Langfuse disagreements: " + disagreements.size() + " (" + unsettled
				+ " unsettled)");
		disagreements.forEach((disagreement) -> out.println("  " + disagreement));
		out.println();
		out.println("== overrides (" + catalog.overrides().size() + ")");
		catalog.overrides()
			.forEach((override) -> out.println("  " + override.action().name().toLowerCase() + " "
					+ override.model() + " " + override.prices() + ": " + override.reason()));
		out.println();
		out.println("== in scope but not priced (" + catalog.left().size() + ")");
		catalog.left().forEach((id, reason) -> out.println("  " + id + ": " + reason));
		if (!catalog.mismatches().isEmpty()) {
			out.println();
			out.println("== WARNING: source ids the catalog prices differently (" + catalog.mismatches().size() + ")");
			catalog.mismatches().forEach((line) -> out.println("  " + line));
		}
	}

}
