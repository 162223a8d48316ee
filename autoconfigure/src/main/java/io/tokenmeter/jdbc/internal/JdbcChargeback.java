package io.tokenmeter.jdbc.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import javax.sql.DataSource;

import io.tokenmeter.core.ledger.Spend;
import io.tokenmeter.core.ledger.TokenCounts;

/**
 * Per-user, per-agent totals of a time range from the JDBC ledger, as CSV for chargeback: one line per (user,
 * agent) with calls, tokens by bucket and the exact cost, ordered by user then agent. Grouped in SQL and streamed
 * (the database's cursor, a thousand lines at a time), so a month of many customers is never held in
 * memory. The query is {@link #QUERY}; run it yourself for other shapes.
 */
public final class JdbcChargeback {

	/** The chargeback query, for the README and for running by hand ({@code ?} = from inclusive, to exclusive). */
	public static final String QUERY = """
			SELECT user_id, agent,
				%s
			FROM tokenmeter_llm_call
			WHERE %s
			GROUP BY user_id, agent
			ORDER BY user_id COLLATE "C", agent COLLATE "C\"""";

	/** The CSV header. */
	public static final String HEADER = "user,agent,calls,unpriced_calls,input_tokens,cache_read_tokens,"
			+ "cache_write_tokens,output_tokens,reasoning_tokens,cost_usd";

	private static final int FETCH_SIZE = 1000;

	private final DataSource dataSource;

	public JdbcChargeback(DataSource dataSource) {
		this.dataSource = dataSource;
	}

	/**
	 * Writes the CSV of the calls that started in {@code [from, to)}: the header, then one line per user and agent.
	 * @return the number of lines after the header
	 * @throws JdbcLedgerException when the query fails
	 * @throws UncheckedIOException when writing fails
	 */
	public long write(Instant from, Instant to, Writer csv) {
		String sql = QUERY.formatted(JdbcSpendQueries.SUMS, JdbcSpendQueries.TimeRange.where(from, to));
		long lines = 0;
		try (Connection connection = this.dataSource.getConnection()) {
			boolean autoCommit = connection.getAutoCommit();
			connection.setAutoCommit(false); // PostgreSQL streams with a fetch size only inside a transaction
			try (PreparedStatement query = connection.prepareStatement(sql)) {
				query.setFetchSize(FETCH_SIZE);
				JdbcSpendQueries.TimeRange.bind(query, 1, from, to);
				csv.write(HEADER);
				csv.write('\n');
				try (ResultSet rows = query.executeQuery()) {
					while (rows.next()) {
						line(csv, rows.getString("user_id"), rows.getString("agent"), JdbcSpendQueries.spend(rows));
						lines++;
					}
				}
				connection.commit();
			}
			finally {
				connection.setAutoCommit(autoCommit);
			}
		}
		catch (SQLException ex) {
			throw new JdbcLedgerException("the chargeback query on tokenmeter_llm_call failed: " + ex.getMessage(), ex);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return lines;
	}

	private static void line(Writer csv, String user, String agent, Spend spend) throws IOException {
		TokenCounts tokens = spend.tokens();
		BigDecimal cost = spend.cost();
		csv.write(field(user) + ',' + field(agent) + ',' + spend.calls() + ',' + spend.unpricedCalls() + ','
				+ tokens.input() + ',' + tokens.cacheRead() + ',' + tokens.cacheWrite() + ',' + tokens.output() + ','
				+ tokens.reasoning() + ',' + cost.toPlainString() + '\n');
	}

	/**
	 * RFC 4180 quoting where needed; a value starting with {@code = + - @} is prefixed with {@code '} so a
	 * spreadsheet does not run it as a formula (user ids come from callers).
	 */
	static String field(String value) {
		String safe = value;
		if (!safe.isEmpty() && "=+-@\t\r".indexOf(safe.charAt(0)) >= 0) {
			safe = "'" + safe;
		}
		if (safe.indexOf(',') >= 0 || safe.indexOf('"') >= 0 || safe.indexOf('\n') >= 0 || safe.indexOf('\r') >= 0) {
			return '"' + safe.replace("\"", "\"\"") + '"';
		}
		return safe;
	}

}
