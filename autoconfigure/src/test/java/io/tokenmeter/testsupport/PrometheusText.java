package io.tokenmeter.testsupport;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The text of one {@code /actuator/prometheus} scrape, fetched over real HTTP, with the sum of the samples of a
 * metric whose labels include the given ones.
 */
public final class PrometheusText {

	private final List<Sample> samples;

	private final String text;

	private PrometheusText(String text) {
		this.text = text;
		this.samples = parse(text);
	}

	public static PrometheusText scrape(int port) {
		try {
			HttpResponse<String> response = HttpClient.newHttpClient()
				.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/actuator/prometheus")).build(),
						HttpResponse.BodyHandlers.ofString());
			if (response.statusCode() != 200) {
				throw new IllegalStateException("/actuator/prometheus answered " + response.statusCode());
			}
			return new PrometheusText(response.body());
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/** Label pairs: {@code labels} followed by {@code more} (a test's series plus one more label). */
	public static String[] with(String[] labels, String... more) {
		String[] all = java.util.Arrays.copyOf(labels, labels.length + more.length);
		System.arraycopy(more, 0, all, labels.length, more.length);
		return all;
	}

	/**
	 * @param metric the sample name as Prometheus shows it (e.g. {@code llm_cost_usd_total})
	 * @param labels pairs of label name and value every counted sample must carry
	 * @return the sum of the matching samples, 0 when none match
	 */
	public double sum(String metric, String... labels) {
		double sum = 0;
		for (Sample sample : this.samples) {
			if (sample.name.equals(metric) && sample.has(labels)) {
				sum += sample.value;
			}
		}
		return sum;
	}

	/** How many series of a metric carry the given labels. */
	public long series(String metric, String... labels) {
		return this.samples.stream().filter(sample -> sample.name.equals(metric) && sample.has(labels)).count();
	}

	/** The label values a metric's series carry for one label. */
	public List<String> labelValues(String metric, String label) {
		return this.samples.stream()
			.filter(sample -> sample.name.equals(metric) && sample.labels.containsKey(label))
			.map(sample -> sample.labels.get(label))
			.distinct()
			.toList();
	}

	public String text() {
		return this.text;
	}

	private static List<Sample> parse(String text) {
		List<Sample> samples = new ArrayList<>();
		for (String line : text.split("\n")) {
			if (line.isBlank() || line.startsWith("#")) {
				continue;
			}
			int brace = line.indexOf('{');
			int space = line.lastIndexOf(' ');
			String name = brace >= 0 ? line.substring(0, brace) : line.substring(0, space);
			Map<String, String> labels = new LinkedHashMap<>();
			if (brace >= 0) {
				String body = line.substring(brace + 1, line.lastIndexOf('}'));
				for (String pair : body.split("\",")) {
					if (pair.isBlank()) {
						continue;
					}
					int eq = pair.indexOf('=');
					String value = pair.substring(eq + 1).trim();
					value = value.startsWith("\"") ? value.substring(1) : value;
					value = value.endsWith("\"") ? value.substring(0, value.length() - 1) : value;
					labels.put(pair.substring(0, eq).trim().replace(",", ""), value);
				}
			}
			samples.add(new Sample(name, labels, Double.parseDouble(line.substring(space + 1))));
		}
		return samples;
	}

	private record Sample(String name, Map<String, String> labels, double value) {

		boolean has(String... pairs) {
			for (int i = 0; i < pairs.length; i += 2) {
				if (!pairs[i + 1].equals(this.labels.get(pairs[i]))) {
					return false;
				}
			}
			return true;
		}

	}

}
