package io.tokenmeter.sample;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A real HTTP client against the running sample app. */
final class SampleHttp {

	private static final JsonMapper json = JsonMapper.builder().build();

	private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private final String base;

	SampleHttp(int port) {
		this.base = "http://localhost:" + port;
	}

	/** A request to the sample app, for what {@link #post} and {@link #get} do not send. */
	HttpRequest.Builder request(String path) {
		return HttpRequest.newBuilder(URI.create(this.base + path));
	}

	HttpResponse<String> post(String path, String body) {
		return send(request(path)
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(body))
			.build());
	}

	HttpResponse<String> get(String path) {
		return send(request(path).GET().build());
	}

	HttpResponse<String> send(HttpRequest request) {
		try {
			return this.client.send(request, HttpResponse.BodyHandlers.ofString());
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	static JsonNode json(HttpResponse<String> response) {
		return json.readTree(response.body());
	}

	static JsonNode json(String text) {
		return json.readTree(text);
	}

	static String chatBody(String message, String agent, String user, String model) {
		var node = json.createObjectNode().put("message", message).put("agent", agent).put("user", user);
		if (model != null) {
			node.put("model", model);
		}
		return node.toString();
	}

	/** The events of a server-sent-events body, in order. */
	static List<Event> events(String body) {
		List<Event> events = new ArrayList<>();
		String name = "message";
		StringBuilder data = new StringBuilder();
		for (String line : body.split("\n", -1)) {
			if (line.isEmpty()) {
				if (!data.isEmpty()) {
					events.add(new Event(name, json(data.toString())));
				}
				name = "message";
				data.setLength(0);
			}
			else if (line.startsWith("event:")) {
				name = line.substring(6).strip();
			}
			else if (line.startsWith("data:")) {
				data.append(line.substring(5));
			}
		}
		return events;
	}

	record Event(String name, JsonNode data) {
	}

}
