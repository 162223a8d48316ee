package io.tokenmeter.catalog;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The command line: {@code --litellm --langfuse --overrides --current --out [--date YYYY-MM-DD]}. */
record CatalogArguments(Path litellm, Path langfuse, Path overrides, Path current, Path out, LocalDate date) {

	static final String USAGE = "usage: java -jar tokenmeter-catalog-tool.jar --litellm <model_prices.json> "
			+ "--langfuse <default-model-prices.json> --overrides <overrides.json> --current <catalog.yml> "
			+ "--out <catalog.yml> [--date YYYY-MM-DD]";

	private static final List<String> REQUIRED = List.of("--litellm", "--langfuse", "--overrides", "--current",
			"--out");

	/** A snapshot's date, from its file name ({@code ...-2026-07-24.json}). */
	private static final Pattern DATED = Pattern.compile("(\\d{4}-\\d{2}-\\d{2})\\.json$");

	static CatalogArguments parse(String... args) {
		Map<String, String> values = new HashMap<>();
		for (int i = 0; i < args.length; i++) {
			String name = args[i];
			if (!REQUIRED.contains(name) && !name.equals("--date")) {
				throw new IllegalArgumentException("unknown argument '" + name + "'\n" + USAGE);
			}
			if (i + 1 >= args.length) {
				throw new IllegalArgumentException(name + " needs a value\n" + USAGE);
			}
			values.put(name, args[++i]);
		}
		for (String name : REQUIRED) {
			if (!values.containsKey(name)) {
				throw new IllegalArgumentException("missing " + name + "\n" + USAGE);
			}
		}
		return new CatalogArguments(Path.of(values.get("--litellm")), Path.of(values.get("--langfuse")),
				Path.of(values.get("--overrides")), Path.of(values.get("--current")), Path.of(values.get("--out")),
				values.containsKey("--date") ? LocalDate.parse(values.get("--date")) : null);
	}

	/** The snapshot date in a source's file name; sources are kept under dated names so the catalog can say. */
	static LocalDate snapshotDate(Path source) {
		Matcher matcher = DATED.matcher(source.getFileName().toString());
		if (!matcher.find()) {
			throw new IllegalArgumentException(source + ": name the snapshot with its date, e.g. "
					+ "litellm-model_prices_and_context_window-2026-07-24.json");
		}
		return LocalDate.parse(matcher.group(1));
	}

}
