package io.tokenmeter.jdbc.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * The JDBC ledger's schema: the versioned scripts shipped in this jar under {@value #LOCATION}
 * ({@code V1__tokenmeter_llm_call.sql}, ...). {@link FlywayMigration} applies them with Flyway and its own history
 * table when Flyway is on the classpath; otherwise {@link #runScripts(DataSource)} runs them (they are idempotent:
 * {@code CREATE ... IF NOT EXISTS}). {@link #check(DataSource)} tells at startup whether the table is there.
 */
public final class JdbcLedgerSchema {

	/** Where the PostgreSQL scripts are, on the classpath. */
	public static final String LOCATION = "io/tokenmeter/jdbc/postgresql";

	/** The scripts in version order. */
	static final List<String> SCRIPTS = List.of("V1__tokenmeter_llm_call.sql");

	/** The table holding one row per call. */
	public static final String TABLE = "tokenmeter_llm_call";

	/** Flyway's history table for tokenmeter's own scripts, apart from the application's. */
	public static final String HISTORY_TABLE = "tokenmeter_schema_history";

	private JdbcLedgerSchema() {
	}

	/** Runs every shipped script, in version order, each in its own transaction. */
	public static void runScripts(DataSource dataSource) throws SQLException {
		try (Connection connection = dataSource.getConnection()) {
			boolean autoCommit = connection.getAutoCommit();
			connection.setAutoCommit(false);
			try (Statement statement = connection.createStatement()) {
				for (String script : SCRIPTS) {
					for (String sql : statements(read(script))) {
						statement.execute(sql);
					}
					connection.commit();
				}
			}
			catch (SQLException | RuntimeException ex) {
				connection.rollback();
				throw ex;
			}
			finally {
				connection.setAutoCommit(autoCommit);
			}
		}
	}

	/**
	 * @return null when {@value #TABLE} exists, else what is wrong
	 */
	public static String check(DataSource dataSource) {
		try (Connection connection = dataSource.getConnection();
				Statement statement = connection.createStatement();
				ResultSet rows = statement.executeQuery("SELECT count(*) FROM " + TABLE + " WHERE false")) {
			return null;
		}
		catch (SQLException ex) {
			return ex.getMessage();
		}
	}

	static String read(String script) {
		String path = LOCATION + "/" + script;
		try (InputStream in = JdbcLedgerSchema.class.getClassLoader().getResourceAsStream(path)) {
			if (in == null) {
				throw new IllegalStateException(path + " is missing from the classpath");
			}
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new IllegalStateException("cannot read " + path, ex);
		}
	}

	/** The script's statements: comments dropped, split at semicolons (the scripts hold no quoted semicolons). */
	static List<String> statements(String script) {
		StringBuilder code = new StringBuilder();
		for (String line : script.split("\n")) {
			int comment = line.indexOf("--");
			code.append(comment >= 0 ? line.substring(0, comment) : line).append('\n');
		}
		List<String> statements = new ArrayList<>();
		for (String statement : code.toString().split(";")) {
			if (!statement.isBlank()) {
				statements.add(statement.trim());
			}
		}
		return statements;
	}

}
