package io.tokenmeter.jdbc;

import java.io.File;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.UserPrincipal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.tokenmeter.testsupport.ServerProcesses;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real PostgreSQL server for tests: a throw-away cluster made by the installed {@code initdb} in a temporary
 * directory, its {@code postgres} server a child process on a free localhost port (trust authentication, user
 * {@code postgres}, no fsync: test data is disposable), stopped by its PID. Register it with
 * {@code @RegisterExtension static final PostgresServerProcess postgres = new PostgresServerProcess();} (one
 * cluster per test class), or use it with try-with-resources through {@link #start()} and {@link #close()}.
 * {@link #stop()} and {@link #start()} in between take the server down and bring it back on the same port with the
 * same data, to test what happens while the database is away.
 * <p>
 * Needs Debian's {@code postgresql} package ({@code apt-get install -y postgresql}; {@code .ci/run} installs it), or
 * {@code TOKENMETER_PG_BIN} pointing at a directory with {@code initdb} and {@code postgres}: when they are missing,
 * {@link #start()} fails saying so. It never skips. PostgreSQL refuses to run as root: as root the binaries are run
 * as the {@code postgres} user ({@code runuser -u postgres --}), which owns the data directory.
 */
public final class PostgresServerProcess implements AutoCloseable, BeforeAllCallback, AfterAllCallback {

	private static final Duration READY_TIMEOUT = Duration.ofSeconds(30);

	private static final Duration STOP_TIMEOUT = Duration.ofSeconds(15);

	private static final String OS_USER = "postgres";

	private final Thread killOnExit = new Thread(this::killNow, "postgres-kill-on-exit");

	private int port;

	private Path dataDirectory;

	private Process process;

	private long serverPid;

	private Path log;

	/** The port, chosen at the first start and kept across restarts. */
	public int port() {
		if (this.port == 0) {
			throw new IllegalStateException("PostgreSQL has not been started yet");
		}
		return this.port;
	}

	/** {@code jdbc:postgresql://127.0.0.1:<port>/postgres}. */
	public String jdbcUrl() {
		return "jdbc:postgresql://127.0.0.1:" + port() + "/postgres";
	}

	public String username() {
		return "postgres";
	}

	/** A new connection to the {@code postgres} database (the caller closes it). */
	public Connection connect() throws SQLException {
		return DriverManager.getConnection(jdbcUrl(), username(), "");
	}

	/** The one value of a one-row, one-column query, e.g. {@code SELECT count(*) FROM ...}, as a long. */
	public long queryForLong(String sql) {
		try (Connection connection = connect();
				Statement statement = connection.createStatement();
				ResultSet rows = statement.executeQuery(sql)) {
			rows.next();
			return rows.getLong(1);
		}
		catch (SQLException ex) {
			throw new IllegalStateException(sql + " failed", ex);
		}
	}

	public boolean isRunning() {
		return this.process != null && this.process.isAlive();
	}

	/**
	 * Creates the cluster (the first time) and starts the server, on a free port the first time and on the same
	 * port after {@link #stop()}; returns once it accepts connections.
	 */
	public synchronized PostgresServerProcess start() {
		if (isRunning()) {
			return this;
		}
		Path bin = binaries();
		try {
			if (this.dataDirectory == null) {
				this.port = ServerProcesses.freePort("PostgreSQL");
				Runtime.getRuntime().addShutdownHook(this.killOnExit);
				this.dataDirectory = Files.createTempDirectory("tokenmeter-postgres-");
				this.log = Files.createTempFile("tokenmeter-postgres-", ".log");
				giveToOsUser(this.dataDirectory);
				giveToOsUser(this.log);
				run(List.of(bin.resolve("initdb").toString(), "-D", this.dataDirectory.toString(), "-A", "trust", "-U",
						username(), "-E", "UTF8", "--locale=C", "--no-sync"));
			}
			this.process = new ProcessBuilder(asOsUser(List.of(bin.resolve("postgres").toString(), "-D",
					this.dataDirectory.toString(), "-p", Integer.toString(this.port), "-k",
					this.dataDirectory.toString(), "-c", "listen_addresses=127.0.0.1", "-c", "fsync=off", "-c",
					"synchronous_commit=off", "-c", "full_page_writes=off", "-c", "max_connections=50")))
				.directory(this.dataDirectory.getParent().toFile())
				.redirectErrorStream(true)
				.redirectOutput(ProcessBuilder.Redirect.appendTo(this.log.toFile()))
				.start();
		}
		catch (IOException ex) {
			throw new IllegalStateException("Could not start PostgreSQL from " + bin + " on port " + this.port, ex);
		}
		awaitReady();
		return this;
	}

	/**
	 * Stops the server by its PID with a fast shutdown (SIGINT: open connections are cut, as in an outage), then
	 * SIGKILL if it has not exited within a few seconds.
	 */
	public synchronized void stop() {
		Process running = this.process;
		if (running == null) {
			return;
		}
		this.process = null;
		long pid = this.serverPid;
		this.serverPid = 0;
		try {
			if (pid > 0) {
				new ProcessBuilder("kill", "-INT", Long.toString(pid)).start().waitFor();
				ProcessHandle.of(pid).ifPresent((server) -> awaitExit(server));
			}
			if (!running.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
				running.destroyForcibly().waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
			}
		}
		catch (IOException ex) {
			running.destroyForcibly();
		}
		catch (InterruptedException ex) {
			running.destroyForcibly();
			Thread.currentThread().interrupt();
		}
		if (running.isAlive() || (pid > 0 && ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false))) {
			throw new IllegalStateException("PostgreSQL (pid " + pid + ") did not stop");
		}
	}

	@Override
	public synchronized void close() {
		stop();
		if (this.dataDirectory != null) {
			try {
				Runtime.getRuntime().removeShutdownHook(this.killOnExit);
			}
			catch (IllegalStateException shuttingDown) {
				// the hook is running or about to: nothing left to remove
			}
			deleteTree(this.dataDirectory);
			deleteTree(this.log);
			this.dataDirectory = null;
		}
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
		return "PostgreSQL on 127.0.0.1:" + this.port + (this.serverPid > 0 ? " (pid " + this.serverPid + ")" : " (stopped)");
	}

	private void awaitReady() {
		long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
		SQLException lastFailure = null;
		while (System.nanoTime() < deadline) {
			if (!this.process.isAlive()) {
				throw new IllegalStateException("PostgreSQL exited with code " + this.process.exitValue()
						+ " before accepting connections on port " + this.port + ". Its output:\n" + ServerProcesses.logText(this.log));
			}
			try (Connection connection = connect()) {
				connection.createStatement().execute("SELECT 1");
				this.serverPid = readServerPid();
				return;
			}
			catch (SQLException ex) {
				lastFailure = ex;
			}
			ServerProcesses.pause(50, "PostgreSQL");
		}
		Process stuck = this.process;
		stuck.destroyForcibly();
		this.process = null;
		throw new IllegalStateException("PostgreSQL did not accept connections on port " + this.port + " within "
				+ READY_TIMEOUT.toSeconds() + " s (" + lastFailure + "). Its output:\n" + ServerProcesses.logText(this.log));
	}

	/** The postmaster's PID, the first line of {@code postmaster.pid} (under runuser it is not our child's PID). */
	private long readServerPid() {
		try {
			return Long.parseLong(Files.readAllLines(this.dataDirectory.resolve("postmaster.pid")).get(0).trim());
		}
		catch (IOException | RuntimeException ex) {
			throw new IllegalStateException("cannot read postmaster.pid in " + this.dataDirectory, ex);
		}
	}

	private void run(List<String> command) throws IOException {
		Process initdb = new ProcessBuilder(asOsUser(command)).directory(this.dataDirectory.getParent().toFile())
			.redirectErrorStream(true)
			.redirectOutput(ProcessBuilder.Redirect.appendTo(this.log.toFile()))
			.start();
		try {
			if (!initdb.waitFor(60, TimeUnit.SECONDS) || initdb.exitValue() != 0) {
				initdb.destroyForcibly();
				throw new IllegalStateException(String.join(" ", command) + " failed. Its output:\n"
						+ ServerProcesses.logText(this.log));
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("interrupted while running initdb", ex);
		}
	}

	private static List<String> asOsUser(List<String> command) {
		if (!isRoot()) {
			return command;
		}
		List<String> asUser = new ArrayList<>(List.of("runuser", "-u", OS_USER, "--"));
		asUser.addAll(command);
		return asUser;
	}

	private static void giveToOsUser(Path path) throws IOException {
		if (isRoot()) {
			UserPrincipal user = path.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName(OS_USER);
			Files.setOwner(path, user);
		}
	}

	private static boolean isRoot() {
		return "root".equals(System.getProperty("user.name"));
	}

	private void awaitExit(ProcessHandle server) {
		try {
			server.onExit().get(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (Exception ex) {
			server.destroyForcibly();
		}
	}

	private void killNow() {
		if (this.serverPid > 0) {
			ProcessHandle.of(this.serverPid).ifPresent(ProcessHandle::destroyForcibly);
		}
		Process running = this.process;
		if (running != null) {
			running.destroyForcibly();
		}
	}

	private static void deleteTree(Path root) {
		if (root == null || !Files.exists(root)) {
			return;
		}
		try {
			Files.walkFileTree(root, new SimpleFileVisitor<>() {
				@Override
				public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
					Files.deleteIfExists(file);
					return FileVisitResult.CONTINUE;
				}

				@Override
				public FileVisitResult postVisitDirectory(Path dir, IOException exc) throws IOException {
					Files.deleteIfExists(dir);
					return FileVisitResult.CONTINUE;
				}
			});
		}
		catch (IOException ignored) {
			// a leftover temp directory is harmless
		}
	}

	private static Path binaries() {
		List<String> candidates = new ArrayList<>();
		String configured = System.getenv("TOKENMETER_PG_BIN");
		if (configured != null && !configured.isBlank()) {
			candidates.add(configured);
		}
		candidates.add("/usr/lib/postgresql/15/bin");
		File versions = new File("/usr/lib/postgresql");
		String[] installed = versions.list();
		if (installed != null) {
			for (String version : installed) {
				candidates.add("/usr/lib/postgresql/" + version + "/bin");
			}
		}
		for (String candidate : candidates) {
			Path bin = Path.of(candidate);
			if (Files.isExecutable(bin.resolve("initdb")) && Files.isExecutable(bin.resolve("postgres"))) {
				return bin;
			}
		}
		throw new IllegalStateException("PostgreSQL's initdb and postgres were not found in " + candidates + ". The "
				+ "JDBC ledger tests run against a real PostgreSQL server: install it (Debian/Ubuntu: apt-get install "
				+ "-y postgresql; macOS: brew install postgresql@15) or set TOKENMETER_PG_BIN to the directory holding "
				+ "initdb and postgres, or run .ci/run, which installs it.");
	}

}
