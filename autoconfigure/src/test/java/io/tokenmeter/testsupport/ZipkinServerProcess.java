package io.tokenmeter.testsupport;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real Zipkin server for tests: {@code java -jar zipkin-server-exec.jar} (in-memory storage) as a child process on
 * a free port, started once per test class and stopped by its PID. Register it with
 * {@code @RegisterExtension static final ZipkinServerProcess zipkin = new ZipkinServerProcess();}: it is launched
 * before the class's tests and awaited (health UP) before the first one, so that it starts while the test's
 * Spring context does (Zipkin takes 5 to 30 s on a busy 2-core machine).
 * <p>
 * The jar ({@code io.zipkin:zipkin-server:3.5.1:exec}) comes from Maven: the autoconfigure module's build copies it
 * from the local repository (resolving it there once) and names it in the {@value #JAR_PROPERTY} system property.
 * Without it, {@link #start()} fails saying how to get it; it never skips.
 */
public final class ZipkinServerProcess implements BeforeAllCallback, BeforeEachCallback, AfterAllCallback {

	/** The system property naming the Zipkin server jar; set by the build (see the module's pom). */
	public static final String JAR_PROPERTY = "test.zipkin-server.jar";

	private static final Duration READY_TIMEOUT = Duration.ofSeconds(90);

	private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

	private int port;

	private final Thread killOnExit = new Thread(this::killNow, "zipkin-server-kill-on-exit");

	private Process process;

	private Path log;

	private boolean healthy;

	/** Zipkin's base URL, e.g. {@code http://127.0.0.1:40123}. */
	public String baseUrl() {
		if (this.port == 0) {
			throw new IllegalStateException("Zipkin has not been started yet");
		}
		return "http://127.0.0.1:" + this.port;
	}

	/** The span intake a Zipkin exporter posts to. */
	public String spansEndpoint() {
		return baseUrl() + "/api/v2/spans";
	}

	/** GET on Zipkin's HTTP API, e.g. {@code /api/v2/traces?serviceName=app}; the body of a 200 answer. */
	public String get(String pathAndQuery) {
		try {
			HttpResponse<String> response = this.http.send(
					HttpRequest.newBuilder(URI.create(baseUrl() + pathAndQuery)).timeout(Duration.ofSeconds(10)).build(),
					HttpResponse.BodyHandlers.ofString());
			if (response.statusCode() != 200) {
				throw new IllegalStateException("GET " + pathAndQuery + " answered " + response.statusCode() + ": "
						+ response.body());
			}
			return response.body();
		}
		catch (IOException ex) {
			throw new IllegalStateException("GET " + pathAndQuery + " failed", ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("interrupted", ex);
		}
	}

	/** Starts Zipkin on a free port and returns once its health check answers UP. */
	public synchronized ZipkinServerProcess start() {
		launch();
		awaitHealthy();
		return this;
	}

	/** Launches Zipkin on a free port without waiting for it. */
	public synchronized void launch() {
		if (this.process != null && this.process.isAlive()) {
			return;
		}
		Path jar = jar();
		this.port = ServerProcesses.freePort("Zipkin");
		String java = ProcessHandle.current().info().command().orElse("java");
		try {
			this.log = Files.createTempFile("zipkin-server-" + this.port + "-", ".log");
			// A small heap and one tiered JIT: it holds a handful of spans and should start fast on 2 cores.
			this.process = new ProcessBuilder(List.of(java, "-Xmx256m", "-XX:TieredStopAtLevel=1",
					"-XX:+UseSerialGC", "-jar", jar.toString(), "--server.port=" + this.port,
					"--logging.level.root=WARN"))
				.redirectErrorStream(true)
				.redirectOutput(this.log.toFile())
				.start();
		}
		catch (IOException ex) {
			throw new IllegalStateException("Could not start Zipkin (" + jar + ") on port " + this.port, ex);
		}
		Runtime.getRuntime().addShutdownHook(this.killOnExit);
	}

	/** Stops Zipkin by its PID: SIGTERM, then SIGKILL if it has not exited within a few seconds. */
	public synchronized void stop() {
		Process running = this.process;
		if (running == null) {
			return;
		}
		this.process = null;
		this.healthy = false;
		try {
			ServerProcesses.stop(running, STOP_TIMEOUT, "Zipkin");
		}
		finally {
			try {
				Runtime.getRuntime().removeShutdownHook(this.killOnExit);
			}
			catch (IllegalStateException shuttingDown) {
				// the hook is running or about to: nothing left to remove
			}
			try {
				Files.deleteIfExists(this.log);
			}
			catch (IOException ignored) {
				// a leftover temp file is harmless
			}
		}
	}

	@Override
	public void beforeAll(ExtensionContext context) {
		launch();
	}

	@Override
	public void beforeEach(ExtensionContext context) {
		awaitHealthy();
	}

	@Override
	public void afterAll(ExtensionContext context) {
		stop();
	}

	/** Returns once Zipkin's health check answers UP (at once after the first time). */
	public synchronized void awaitHealthy() {
		if (this.healthy) {
			return;
		}
		long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
		Exception lastFailure = null;
		while (System.nanoTime() < deadline) {
			if (!this.process.isAlive()) {
				throw new IllegalStateException("Zipkin exited with code " + this.process.exitValue()
						+ " before it was healthy on port " + this.port + ". Its output:\n" + ServerProcesses.logText(this.log));
			}
			try {
				if (get("/health").contains("UP")) {
					this.healthy = true;
					return;
				}
			}
			catch (RuntimeException ex) {
				lastFailure = ex;
			}
			ServerProcesses.pause(100, "Zipkin");
		}
		Process stuck = this.process;
		String output = ServerProcesses.logText(this.log);
		stop();
		throw new IllegalStateException("Zipkin (pid " + stuck.pid() + ") was not healthy on port " + this.port
				+ " within " + READY_TIMEOUT.toSeconds() + " s (" + lastFailure + "). Its output:\n" + output);
	}

	private static Path jar() {
		String property = System.getProperty(JAR_PROPERTY);
		Path jar = property == null || property.isBlank() ? null : Path.of(property);
		if (jar == null || !Files.isRegularFile(jar)) {
			throw new IllegalStateException("The Zipkin server jar is missing (system property " + JAR_PROPERTY + " = "
					+ property + "). The tracing end-to-end tests run a real Zipkin: io.zipkin:zipkin-server:3.5.1, "
					+ "classifier exec. Run them with Maven (./mvnw -pl autoconfigure verify), which resolves it into "
					+ "the local repository once and copies it to autoconfigure/target/zipkin/; from an IDE, run "
					+ "./mvnw -pl autoconfigure generate-test-resources once and pass -D" + JAR_PROPERTY
					+ "=autoconfigure/target/zipkin/zipkin-server-exec.jar.");
		}
		return jar;
	}

	private void killNow() {
		Process running = this.process;
		if (running != null) {
			running.destroyForcibly();
		}
	}

}
