package io.tokenmeter.autoconfigure;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import io.tokenmeter.core.metrics.internal.LedgerMetrics;
import io.tokenmeter.core.metrics.internal.TokenMeterMetrics;
import io.tokenmeter.jdbc.internal.JdbcLedgerMetrics;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/** The README's reference tables cannot go stale: every property and metric must be documented there. */
class ConfigurationReferenceTests {

	private static final Path README = Path.of("..", "README.md");

	@Test
	void everyConfigurationPropertyInTheMetadataIsDocumentedInTheReadme() throws IOException {
		String readme = Files.readString(README);
		List<String> missing = new ArrayList<>();
		try (InputStream metadata = getClass().getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
			JsonNode root = JsonMapper.builder().build().readTree(metadata);
			for (JsonNode property : root.get("properties")) {
				String name = property.get("name").asString();
				if (!readme.contains("`" + name + "`")) {
					missing.add(name);
				}
			}
		}
		assertThat(missing).as("properties missing from README.md").isEmpty();
	}

	@Test
	void everyMetricIsDocumentedInTheReadmeUnderItsPrometheusName() throws IOException {
		String readme = Files.readString(README);
		assertThat(List.of(prometheus(TokenMeterMetrics.CALL_DURATION, "_seconds"),
				prometheus(TokenMeterMetrics.TOKENS, "_total"), prometheus(TokenMeterMetrics.COST, "_usd_total"),
				prometheus(TokenMeterMetrics.STREAM_TTFT, "_seconds"),
				prometheus(TokenMeterMetrics.UNPRICED_CALLS, "_total"),
				prometheus(TokenMeterMetrics.MISSING_USAGE, "_total"), prometheus(TokenMeterMetrics.ERRORS, "_total"),
				prometheus(TokenMeterMetrics.FOLDED, "_total"),
				"llm_budget_limit_usd", "llm_budget_spent_usd", "llm_budget_exceeded_total",
				prometheus(LedgerMetrics.DROPPED, "_total"), prometheus(LedgerMetrics.QUEUED, ""),
				prometheus(LedgerMetrics.EVICTED, "_total"), prometheus(JdbcLedgerMetrics.DROPPED, "_total"),
				prometheus(JdbcLedgerMetrics.WRITTEN, "_total"), prometheus(JdbcLedgerMetrics.QUEUED, ""),
				prometheus(JdbcLedgerMetrics.HELD, "")))
			.allSatisfy(metric -> assertThat(readme).contains("`" + metric + "`"));
	}

	private static String prometheus(String meterName, String suffix) {
		return meterName.replace('.', '_') + suffix;
	}

}
