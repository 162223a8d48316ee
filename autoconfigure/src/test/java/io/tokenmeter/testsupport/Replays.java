package io.tokenmeter.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

import okhttp3.mockwebserver.MockResponse;

/**
 * Provider responses recorded as files under {@code src/test/resources/e2e/} (one file per response, exactly as
 * the provider sends it), replayed by a {@code MockWebServer} to the real Spring AI clients.
 */
public final class Replays {

	private Replays() {
	}

	/** A JSON response body ({@code application/json}). */
	public static MockResponse json(String fixture) {
		return new MockResponse().setHeader("Content-Type", "application/json").setBody(text(fixture));
	}

	/** A server-sent event stream ({@code text/event-stream}), as Anthropic and Gemini stream. */
	public static MockResponse eventStream(String fixture) {
		return new MockResponse().setHeader("Content-Type", "text/event-stream; charset=utf-8").setBody(text(fixture));
	}

	/** Newline-delimited JSON ({@code application/x-ndjson}), as Ollama streams. */
	public static MockResponse ndjson(String fixture) {
		return new MockResponse().setHeader("Content-Type", "application/x-ndjson").setBody(text(fixture));
	}

	/** The fixture's text, e.g. {@code text("e2e/ollama/chat.json")}. */
	public static String text(String fixture) {
		try (InputStream in = Replays.class.getClassLoader().getResourceAsStream(fixture)) {
			if (in == null) {
				throw new IllegalArgumentException("No fixture " + fixture + " on the test classpath");
			}
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
