package io.tokenmeter.testsupport;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * What the real-server test extensions (redis-server, PostgreSQL, Zipkin) share: a free port, their log, a short
 * pause, a stop by PID.
 */
public final class ServerProcesses {

	private ServerProcesses() {
	}

	/** A localhost port nothing listens on now. */
	public static int freePort(String server) {
		try (ServerSocket socket = new ServerSocket()) {
			socket.setReuseAddress(true);
			socket.bind(new InetSocketAddress("127.0.0.1", 0));
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new IllegalStateException("No free localhost port for " + server, ex);
		}
	}

	/** The server's output so far, for a failure message. */
	public static String logText(Path log) {
		try {
			return log == null ? "" : Files.readString(log);
		}
		catch (IOException ex) {
			return "(unreadable: " + ex + ")";
		}
	}

	/** Waits a little before polling the server again. */
	public static void pause(long millis, String server) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("interrupted while waiting for " + server, ex);
		}
	}

	/**
	 * Stops a server by its PID: SIGTERM, then SIGKILL if it has not exited within {@code timeout}.
	 * @throws IllegalStateException when it is still alive after that
	 */
	public static void stop(Process process, Duration timeout, String server) {
		process.destroy();
		try {
			if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
				process.destroyForcibly().waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
			}
		}
		catch (InterruptedException ex) {
			process.destroyForcibly();
			Thread.currentThread().interrupt();
		}
		if (process.isAlive()) {
			throw new IllegalStateException(server + " (pid " + process.pid() + ") did not stop");
		}
	}

}
