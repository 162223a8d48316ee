package io.tokenmeter.jdbc.internal;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

import io.tokenmeter.core.call.CallOutcome;
import io.tokenmeter.core.ledger.Dimension;
import io.tokenmeter.core.ledger.ExpensiveCall;
import io.tokenmeter.core.ledger.Spend;
import io.tokenmeter.core.ledger.SpendAggregator;
import io.tokenmeter.core.ledger.SpendSummary;
import io.tokenmeter.core.ledger.TokenCounts;

/**
 * Adds up the JDBC ledger in SQL: one query per window, a single scan of the window's rows grouped by
 * {@code GROUPING SETS} into the totals, the outcomes and one breakdown per {@link Dimension}, each cut to its cap
 * in the database ({@code row_number()}), so only the report's lines travel, never the rows. The result has the
 * shape of the in-memory {@link SpendAggregator}'s, so the report reads the same from either; ordering is by cost,
 * highest first, then by value in binary ({@code COLLATE "C"}) order, like {@link String#compareTo}.
 */
public final class JdbcSpendQueries {

	/** The columns of each dimension, in the order of the GROUPING() bit mask (first column = highest bit). */
	private static final String[] SET_COLUMNS = { "outcome", "model", "agent", "user_id", "session_id", "operation" };

	private static final int ALL_BITS = (1 << SET_COLUMNS.length) - 1;

	static final String SUMS = """
			count(*) AS calls,
			sum(cost) AS cost,
			count(*) FILTER (WHERE cost IS NULL AND usage_reported) AS unpriced,
			coalesce(sum(input_tokens) FILTER (WHERE usage_reported), 0) AS input_tokens,
			coalesce(sum(cache_read_tokens) FILTER (WHERE usage_reported), 0) AS cache_read_tokens,
			coalesce(sum(cache_write_5m_tokens + cache_write_1h_tokens) FILTER (WHERE usage_reported), 0)
				AS cache_write_tokens,
			coalesce(sum(output_tokens) FILTER (WHERE usage_reported), 0) AS output_tokens,
			coalesce(sum(reasoning_tokens) FILTER (WHERE usage_reported), 0) AS reasoning_tokens""";

	private static final String REPORT = """
			SELECT set_bits, key, calls, cost, unpriced, input_tokens, cache_read_tokens, cache_write_tokens,
				output_tokens, reasoning_tokens, values_in_set
			FROM (
				SELECT grouped.*,
					row_number() OVER (PARTITION BY set_bits ORDER BY coalesce(cost, 0) DESC, key COLLATE "C") AS rank,
					count(*) OVER (PARTITION BY set_bits) AS values_in_set
				FROM (
					SELECT GROUPING(outcome, model, agent, user_id, session_id, operation) AS set_bits,
						coalesce(outcome, model, agent, user_id, session_id, operation) AS key,
						%s
					FROM tokenmeter_llm_call
					WHERE %s
					GROUP BY GROUPING SETS ((), (outcome), (model), (agent), (user_id), (session_id), (operation))
				) grouped
				WHERE key IS NOT NULL OR set_bits = %d
			) ranked
			WHERE rank <= CASE set_bits WHEN %d THEN ? WHEN %d THEN ? ELSE ? END
			ORDER BY set_bits, rank""";

	/** The window's most expensive priced calls, ordered as {@link ExpensiveCall#MOST_EXPENSIVE_FIRST} orders them. */
	private static final String TOP_CALLS = """
			SELECT started_at, provider, model, agent, user_id, session_id, outcome, input_tokens, cache_read_tokens,
				cache_write_5m_tokens + cache_write_1h_tokens AS cache_write_tokens, output_tokens, reasoning_tokens,
				cost, usage_estimated
			FROM tokenmeter_llm_call
			WHERE cost IS NOT NULL AND %s
			ORDER BY cost DESC, started_at, user_id COLLATE "C", agent COLLATE "C", model COLLATE "C",
				session_id COLLATE "C" NULLS FIRST
			LIMIT ?""";

	private final DataSource dataSource;

	private final int maxUsers;

	private final int maxSessions;

	private final long workMemKilobytes;

	private final int topCalls;

	/**
	 * @param dataSource the database holding {@code tokenmeter_llm_call}
	 * @param maxUsers users listed in the user breakdown (the rest counted as evicted)
	 * @param maxSessions sessions listed in the session breakdown
	 * @param workMemKilobytes PostgreSQL {@code work_mem} for the report's own transaction ({@code SET LOCAL}), so
	 * the grouping of a large window is hashed in memory instead of sorted on disk; 0 to keep the server's
	 */
	public JdbcSpendQueries(DataSource dataSource, int maxUsers, int maxSessions, long workMemKilobytes) {
		this(dataSource, maxUsers, maxSessions, workMemKilobytes, 0);
	}

	/**
	 * @param dataSource the database holding {@code tokenmeter_llm_call}
	 * @param maxUsers users listed in the user breakdown (the rest counted as evicted)
	 * @param maxSessions sessions listed in the session breakdown
	 * @param workMemKilobytes PostgreSQL {@code work_mem} for the report's own transaction; 0 to keep the server's
	 * @param topCalls how many of the window's most expensive calls the summary lists ({@code topCalls}); 0 for none
	 */
	public JdbcSpendQueries(DataSource dataSource, int maxUsers, int maxSessions, long workMemKilobytes,
			int topCalls) {
		this.dataSource = dataSource;
		this.maxUsers = maxUsers;
		this.maxSessions = maxSessions;
		this.workMemKilobytes = workMemKilobytes;
		this.topCalls = topCalls;
	}

	/**
	 * Adds up the calls that started in {@code [from, to)}.
	 * @param from inclusive start, or null for the oldest call
	 * @param to exclusive end, or null for no end
	 * @throws JdbcLedgerException when the query fails
	 */
	public SpendSummary summarize(Instant from, Instant to) {
		String sql = REPORT.formatted(SUMS, TimeRange.where(from, to), ALL_BITS, bitsOf(Dimension.USER),
				bitsOf(Dimension.SESSION));
		Spend totals = Spend.NONE;
		Map<String, Long> outcomes = new LinkedHashMap<>();
		for (CallOutcome outcome : CallOutcome.values()) {
			outcomes.put(outcome.tagValue(), 0L);
		}
		Map<Dimension, Map<String, Spend>> breakdowns = new EnumMap<>(Dimension.class);
		Map<Dimension, Long> evicted = new EnumMap<>(Dimension.class);
		List<ExpensiveCall> topCalls;
		for (Dimension dimension : Dimension.values()) {
			breakdowns.put(dimension, new LinkedHashMap<>());
			evicted.put(dimension, 0L);
		}
		try (Connection connection = this.dataSource.getConnection()) {
			boolean autoCommit = connection.getAutoCommit();
			connection.setAutoCommit(false);
			try (PreparedStatement query = connection.prepareStatement(sql)) {
				if (this.workMemKilobytes > 0) {
					try (Statement set = connection.createStatement()) {
						set.execute("SET LOCAL work_mem = '" + this.workMemKilobytes + "kB'");
					}
				}
				int next = TimeRange.bind(query, 1, from, to);
				query.setInt(next, this.maxUsers);
				query.setInt(next + 1, this.maxSessions);
				query.setInt(next + 2, SpendAggregator.MAX_MODELS_AND_AGENTS);
				try (ResultSet rows = query.executeQuery()) {
					while (rows.next()) {
						int bits = rows.getInt("set_bits");
						Spend spend = spend(rows);
						if (bits == ALL_BITS) {
							totals = spend;
							continue;
						}
						String key = rows.getString("key");
						if (bits == bitsOf(null)) {
							outcomes.put(key, spend.calls());
							continue;
						}
						Dimension dimension = dimensionOf(bits);
						Map<String, Spend> breakdown = breakdowns.get(dimension);
						breakdown.put(key, spend);
						evicted.put(dimension, rows.getLong("values_in_set") - breakdown.size());
					}
				}
				// In the same transaction, so the list and the totals see the same rows.
				topCalls = topCalls(connection, from, to);
				connection.commit();
			}
			finally {
				connection.setAutoCommit(autoCommit); // ends the transaction, also after a failure
			}
		}
		catch (SQLException ex) {
			throw new JdbcLedgerException("the spend report query on tokenmeter_llm_call failed: " + ex.getMessage(),
					ex);
		}
		Map<Dimension, Map<String, Spend>> unmodifiable = new EnumMap<>(Dimension.class);
		breakdowns.forEach((dimension, entries) -> unmodifiable.put(dimension, Collections.unmodifiableMap(entries)));
		return new SpendSummary(totals, Collections.unmodifiableMap(outcomes), Collections.unmodifiableMap(unmodifiable),
				Collections.unmodifiableMap(evicted), topCalls);
	}

	private List<ExpensiveCall> topCalls(Connection connection, Instant from, Instant to) throws SQLException {
		if (this.topCalls <= 0) {
			return List.of();
		}
		List<ExpensiveCall> calls = new ArrayList<>(this.topCalls);
		try (PreparedStatement query = connection.prepareStatement(TOP_CALLS.formatted(TimeRange.where(from, to)))) {
			int next = TimeRange.bind(query, 1, from, to);
			query.setInt(next, this.topCalls);
			try (ResultSet rows = query.executeQuery()) {
				while (rows.next()) {
					calls.add(new ExpensiveCall(rows.getObject("started_at", OffsetDateTime.class).toInstant(),
							rows.getString("provider"), rows.getString("model"), rows.getString("agent"),
							rows.getString("user_id"), rows.getString("session_id"), rows.getString("outcome"),
							new TokenCounts(rows.getLong("input_tokens"), rows.getLong("cache_read_tokens"),
									rows.getLong("cache_write_tokens"), rows.getLong("output_tokens"),
									rows.getLong("reasoning_tokens")),
							rows.getBigDecimal("cost"), rows.getBoolean("usage_estimated")));
				}
			}
		}
		return List.copyOf(calls);
	}

	static Spend spend(ResultSet rows) throws SQLException {
		BigDecimal cost = rows.getBigDecimal("cost");
		return new Spend(rows.getLong("calls"), cost != null ? cost : BigDecimal.ZERO, rows.getLong("unpriced"),
				new TokenCounts(rows.getLong("input_tokens"), rows.getLong("cache_read_tokens"),
						rows.getLong("cache_write_tokens"), rows.getLong("output_tokens"),
						rows.getLong("reasoning_tokens")));
	}

	/** The GROUPING() mask of a dimension's set (null: the outcome set): every bit but the column's own. */
	private static int bitsOf(Dimension dimension) {
		int column = (dimension == null) ? 0 : switch (dimension) {
			case MODEL -> 1;
			case AGENT -> 2;
			case USER -> 3;
			case SESSION -> 4;
			case OPERATION -> 5;
		};
		return ALL_BITS & ~(1 << (SET_COLUMNS.length - 1 - column));
	}

	private static Dimension dimensionOf(int bits) {
		for (Dimension dimension : Dimension.values()) {
			if (bitsOf(dimension) == bits) {
				return dimension;
			}
		}
		throw new IllegalStateException("unexpected grouping set " + bits);
	}

	/** The {@code started_at} condition of a window and its parameters. */
	static final class TimeRange {

		private TimeRange() {
		}

		static String where(Instant from, Instant to) {
			if (from == null && to == null) {
				return "TRUE";
			}
			if (from == null) {
				return "started_at < ?";
			}
			return to == null ? "started_at >= ?" : "started_at >= ? AND started_at < ?";
		}

		/** @return the next parameter index */
		static int bind(PreparedStatement statement, int index, Instant from, Instant to) throws SQLException {
			int next = index;
			if (from != null) {
				statement.setObject(next++, OffsetDateTime.ofInstant(from, ZoneOffset.UTC));
			}
			if (to != null) {
				statement.setObject(next++, OffsetDateTime.ofInstant(to, ZoneOffset.UTC));
			}
			return next;
		}

	}

}
