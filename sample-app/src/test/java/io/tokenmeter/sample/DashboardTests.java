package io.tokenmeter.sample;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Grafana dashboard in {@code ops/grafana} is valid JSON, every panel queries Prometheus, and every metric it
 * queries is one tokenmeter documents. ({@code ops/e2e.sh} runs each query against a live Prometheus.)
 */
class DashboardTests {

	private static final Path DASHBOARD = Path.of("..", "ops", "grafana", "tokenmeter-dashboard.json");

	private static final Pattern METRIC = Pattern.compile("\\b(?:llm|tokenmeter)_[a-z_]+\\b");

	private JsonNode dashboard;

	@BeforeEach
	void parse() throws IOException {
		this.dashboard = SampleHttp.json(Files.readString(DASHBOARD));
	}

	@Test
	void dashboardHasAStableUidAndPanels() {
		assertThat(this.dashboard.get("uid").asString()).isEqualTo("tokenmeter");
		assertThat(this.dashboard.get("panels").size()).isGreaterThanOrEqualTo(8);
	}

	@Test
	void everyPanelHasAPromQlTargetOnTheSelectedDatasource() {
		for (JsonNode panel : this.dashboard.get("panels")) {
			String title = panel.get("title").asString();
			assertThat(panel.get("datasource").get("uid").asString()).as(title).isEqualTo("${datasource}");
			JsonNode targets = panel.get("targets");
			assertThat(targets).as(title).isNotNull();
			assertThat(targets.size()).as(title).isPositive();
			for (JsonNode target : targets) {
				assertThat(target.get("expr").asString()).as(title).containsPattern(METRIC);
				assertThat(target.get("refId").asString()).as(title).isNotBlank();
			}
		}
	}

	@Test
	void everyQueriedMetricIsADocumentedTokenmeterMetric() throws IOException {
		String readme = Files.readString(Path.of("..", "README.md"));
		for (String expr : expressions()) {
			Matcher metric = METRIC.matcher(expr);
			while (metric.find()) {
				String name = metric.group().replaceFirst("_(bucket|count|sum)$", "");
				assertThat(readme).as(expr).contains("`" + name + "`");
			}
		}
	}

	@Test
	void spendAndLatencyPanelsShowExemplarsThatLinkToTraces() {
		List<String> withExemplars = new ArrayList<>();
		for (JsonNode panel : this.dashboard.get("panels")) {
			for (JsonNode target : panel.get("targets")) {
				if (target.path("exemplar").asBoolean(false)) {
					withExemplars.add(target.get("expr").asString());
				}
			}
		}
		assertThat(withExemplars).anyMatch(expr -> expr.contains("rate(llm_cost_usd_total"))
			.anyMatch(expr -> expr.contains("rate(llm_call_duration_seconds_bucket"))
			.allMatch(expr -> expr.contains("llm_cost_usd_total") || expr.contains("llm_call_duration_seconds"));
	}

	@Test
	void dashboardShowsWhatTheOperationsKitPromises() {
		String all = String.join("\n", expressions());
		assertThat(all).contains("sum by (model) (rate(llm_cost_usd_total")
			.contains("sum by (agent) (rate(llm_cost_usd_total")
			.contains("sum by (type) (rate(llm_tokens_total")
			.contains("histogram_quantile(0.5, sum by (model, le) (rate(llm_call_duration_seconds_bucket")
			.contains("histogram_quantile(0.95, sum by (model, le) (rate(llm_call_duration_seconds_bucket")
			.contains("histogram_quantile(0.5, sum by (model, le) (rate(llm_stream_ttft_seconds_bucket")
			.contains("histogram_quantile(0.95, sum by (model, le) (rate(llm_stream_ttft_seconds_bucket")
			.contains("topk(10, sum by (user)")
			.containsPattern("llm_budget_spent_usd.*\\) / on \\(application, budget\\) group_left .*llm_budget_limit_usd");
	}

	@Test
	void panelsDoNotOverlap() {
		List<int[]> boxes = new ArrayList<>();
		for (JsonNode panel : this.dashboard.get("panels")) {
			JsonNode grid = panel.get("gridPos");
			int[] box = { grid.get("x").asInt(), grid.get("y").asInt(), grid.get("w").asInt(), grid.get("h").asInt() };
			assertThat(box[0] + box[2]).as(panel.get("title").asString()).isLessThanOrEqualTo(24);
			for (int[] other : boxes) {
				boolean overlap = box[0] < other[0] + other[2] && other[0] < box[0] + box[2]
						&& box[1] < other[1] + other[3] && other[1] < box[1] + box[3];
				assertThat(overlap).as(panel.get("title").asString()).isFalse();
			}
			boxes.add(box);
		}
	}

	private List<String> expressions() {
		List<String> expressions = new ArrayList<>();
		for (JsonNode panel : this.dashboard.get("panels")) {
			for (JsonNode target : panel.get("targets")) {
				expressions.add(target.get("expr").asString());
			}
		}
		return expressions;
	}

}
