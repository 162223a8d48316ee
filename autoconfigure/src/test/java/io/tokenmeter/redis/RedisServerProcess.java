package io.tokenmeter.redis;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import io.tokenmeter.testsupport.ServerProcesses;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real {@code redis-server} for tests: a child process on a free localhost port, without persistence, stopped by
 * its PID. Register it with {@code @RegisterExtension static final RedisServerProcess redis = new
 * RedisServerProcess();} (started before the class's tests, stopped after them), or use it with
 * try-with-resources through {@link #start()} and {@link #close()}. {@link #stop()} and {@link #start()} in between
 * take the server down and bring it back on the same port, to test what happens while Redis is away.
 * <p>
 * redis-server must be on the {@code PATH} ({@code apt-get install redis-server}; {@code .ci/run} installs it): when
 * it is not, {@link #start()} fails with that message. It never skips.
 */
public final class RedisServerProcess implements AutoCloseable, BeforeAllCallback, AfterAllCallback {

	private static final Duration READY_TIMEOUT = Duration.ofSeconds(10);

	private static final Duration STOP_TIMEOUT = Duration.ofSeconds(5);

	private final Thread killOnExit = new Thread(this::killNow, "redis-server-kill-on-exit");

	private int port;

	private Process process;

	private Path log;

	/** The port, chosen at the first start and kept across restarts. */
	public int port() {
		if (this.port == 0) {
			throw new IllegalStateException("redis-server has not been started yet");
		}
		return this.port;
	}

	public boolean isRunning() {
		return this.process != null && this.process.isAlive();
	}

	/**
	 * Starts redis-server (on a free port the first time, on the same port after {@link #stop()}) and returns once it
	 * answers PING.
	 */
	public synchronized RedisServerProcess start() {
		if (isRunning()) {
			return this;
		}
		String executable = findOnPath("redis-server");
		if (this.port == 0) {
			this.port = ServerProcesses.freePort("redis-server");
			Runtime.getRuntime().addShutdownHook(this.killOnExit);
		}
		try {
			this.log = Files.createTempFile("redis-server-" + this.port + "-", ".log");
			this.process = new ProcessBuilder(List.of(executable, "--port", Integer.toString(this.port), "--bind",
					"127.0.0.1", "--save", "", "--appendonly", "no", "--daemonize", "no"))
				.redirectErrorStream(true)
				.redirectOutput(this.log.toFile())
				.start();
		}
		catch (IOException ex) {
			throw new IllegalStateException("Could not start " + executable + " on port " + this.port, ex);
		}
		awaitPong();
		return this;
	}

	/** Stops the server by its PID: SIGTERM, then SIGKILL if it has not exited within a few seconds. */
	public synchronized void stop() {
		Process running = this.process;
		if (running == null) {
			return;
		}
		this.process = null;
		ServerProcesses.stop(running, STOP_TIMEOUT, "redis-server");
	}

	@Override
	public synchronized void close() {
		stop();
		if (this.port != 0) {
			try {
				Runtime.getRuntime().removeShutdownHook(this.killOnExit);
			}
			catch (IllegalStateException shuttingDown) {
				// the hook is running or about to: nothing left to remove
			}
		}
		deleteLog();
	}

	@Override
	public void beforeAll(ExtensionContext context) {
		start();
	}

	@Override
	public void afterAll(ExtensionContext context) {
		close();
	}

	@Override
	public String toString() {
		Process running = this.process;
		return "redis-server on 127.0.0.1:" + this.port + (running != null ? " (pid " + running.pid() + ")" : " (stopped)");
	}

	private void awaitPong() {
		long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
		IOException lastFailure = null;
		while (System.nanoTime() < deadline) {
			if (!this.process.isAlive()) {
				throw new IllegalStateException("redis-server exited with code " + this.process.exitValue()
						+ " before answering PING on port " + this.port + ". Its output:\n"
						+ ServerProcesses.logText(this.log));
			}
			try {
				if (pong()) {
					return;
				}
			}
			catch (IOException ex) {
				lastFailure = ex;
			}
			ServerProcesses.pause(10, "redis-server");
		}
		Process stuck = this.process;
		stop();
		throw new IllegalStateException("redis-server (pid " + stuck.pid() + ") did not answer PING on port " + this.port
				+ " within " + READY_TIMEOUT.toSeconds() + " s (" + lastFailure + "). Its output:\n"
				+ ServerProcesses.logText(this.log));
	}

	private boolean pong() throws IOException {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress("127.0.0.1", this.port), 200);
			socket.setSoTimeout(500);
			OutputStream out = socket.getOutputStream();
			out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
			out.flush();
			InputStream in = socket.getInputStream();
			byte[] expected = "+PONG".getBytes(StandardCharsets.US_ASCII);
			for (byte b : expected) {
				if (in.read() != b) {
					return false; // e.g. -LOADING while the server starts
				}
			}
			return true;
		}
	}

	private void killNow() {
		Process running = this.process;
		if (running != null) {
			running.destroyForcibly();
		}
	}

	private void deleteLog() {
		try {
			if (this.log != null) {
				Files.deleteIfExists(this.log);
			}
		}
		catch (IOException ignored) {
			// a leftover temp file is harmless
		}
	}

	private static String findOnPath(String name) {
		String path = System.getenv("PATH");
		if (path != null) {
			for (String dir : path.split(File.pathSeparator)) {
				File candidate = new File(dir, name);
				if (candidate.isFile() && candidate.canExecute()) {
					return candidate.getAbsolutePath();
				}
			}
		}
		throw new IllegalStateException(name + " is not on the PATH (" + path + "). The Redis budget store tests run "
				+ "against a real redis-server: install it (Debian/Ubuntu: apt-get install redis-server; macOS: brew "
				+ "install redis) or run .ci/run, which installs it.");
	}

}
