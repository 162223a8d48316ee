package io.tokenmeter.jdbc.internal;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;

import io.tokenmeter.core.pricing.internal.CallPricer;
import io.tokenmeter.core.usage.TokenUsage;

/**
 * Recomputes the cost of the JDBC ledger's calls in a time range with the current rate table, after a price fix.
 * Every row of the range is priced again from its stored tokens, model and service tier, by the same rules as a
 * live call ({@link CallPricer#reprice}); a row whose cost changes gets the new {@code cost}, keeps the cost it
 * was first recorded with in {@code original_cost} (set once, never overwritten by a later repricing) and is
 * marked with {@code repriced_at} and the catalog ({@code repriced_catalog_date}, {@code repriced_catalog}). One
 * transaction: a repricing that fails changes nothing. Rows are read a thousand at a time in id order, so the
 * range is never held in memory. A dry run reports the same totals and changes nothing.
 */
public final class JdbcRepricer {

	private static final int PAGE = 1000;

	private static final String PAGE_QUERY = """
			SELECT id, provider, model, requested_model, service_tier, usage_reported, input_tokens,
				cache_read_tokens, cache_write_5m_tokens, cache_write_1h_tokens, output_tokens, reasoning_tokens, cost
			FROM tokenmeter_llm_call
			WHERE %s AND id > ?
			ORDER BY id
			LIMIT %d
			FOR UPDATE""";

	private static final String UPDATE = """
			UPDATE tokenmeter_llm_call
			SET original_cost = CASE WHEN repriced_at IS NULL THEN cost ELSE original_cost END,
				cost = ?, repriced_at = ?, repriced_catalog_date = ?, repriced_catalog = ?
			WHERE id = ?""";

	private final DataSource dataSource;

	private final Clock clock;

	public JdbcRepricer(DataSource dataSource, Clock clock) {
		this.dataSource = dataSource;
		this.clock = clock;
	}

	/**
	 * @param from inclusive start of the range
	 * @param to exclusive end of the range
	 * @param pricer the current rates
	 * @param catalogDate the effective date of the catalog in use, or null when undated
	 * @param catalog the catalog's source (for {@code repriced_catalog}), or null
	 * @param dryRun whether to only report, changing nothing
	 * @throws JdbcLedgerException when the database fails (nothing is changed then)
	 */
	public Repricing reprice(Instant from, Instant to, CallPricer pricer, LocalDate catalogDate, String catalog,
			boolean dryRun) {
		String query = PAGE_QUERY.formatted(JdbcSpendQueries.TimeRange.where(from, to), PAGE);
		Instant now = this.clock.instant();
		Totals totals = new Totals();
		try (Connection connection = this.dataSource.getConnection()) {
			boolean autoCommit = connection.getAutoCommit();
			connection.setAutoCommit(false);
			try (PreparedStatement page = connection.prepareStatement(query);
					PreparedStatement update = connection.prepareStatement(UPDATE)) {
				UUID after = new UUID(0, 0);
				List<Row> rows = new ArrayList<>(PAGE);
				do {
					rows.clear();
					int next = JdbcSpendQueries.TimeRange.bind(page, 1, from, to);
					page.setObject(next, after);
					try (ResultSet result = page.executeQuery()) {
						while (result.next()) {
							rows.add(Row.of(result));
						}
					}
					for (Row row : rows) {
						BigDecimal cost = pricer.reprice(row.provider, row.model, row.requestedModel, row.usage,
								row.serviceTier);
						if (totals.add(row.usage.reported(), row.cost, cost) && !dryRun) {
							update.setBigDecimal(1, cost);
							update.setObject(2, OffsetDateTime.ofInstant(now, ZoneOffset.UTC));
							update.setDate(3, catalogDate != null ? Date.valueOf(catalogDate) : null);
							update.setString(4, catalog);
							update.setObject(5, row.id);
							update.addBatch();
						}
						after = row.id;
					}
					if (!dryRun) {
						update.executeBatch();
					}
				}
				while (rows.size() == PAGE);
				if (dryRun) {
					connection.rollback();
				}
				else {
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
		catch (SQLException ex) {
			throw new JdbcLedgerException("repricing tokenmeter_llm_call failed, nothing was changed: "
					+ ex.getMessage(), ex);
		}
		return new Repricing(from, to, dryRun, catalog, catalogDate, now, totals.calls, totals.changed,
				totals.oldCost, totals.newCost, totals.unpricedBefore, totals.unpricedAfter);
	}

	/**
	 * What a repricing found and did.
	 *
	 * @param from start of the range, inclusive
	 * @param to end of the range, exclusive
	 * @param dryRun true when nothing was changed
	 * @param catalog the catalog source the new costs come from
	 * @param catalogDate the catalog's effective date, or null when undated
	 * @param repricedAt when the rows were marked
	 * @param calls rows in the range
	 * @param changed rows whose cost changed (and were updated, unless a dry run)
	 * @param oldCost the range's total cost before, USD
	 * @param newCost the range's total cost at the current rates, USD
	 * @param unpricedBefore rows with usage and no cost before
	 * @param unpricedAfter rows with usage and no cost at the current rates
	 */
	public record Repricing(Instant from, Instant to, boolean dryRun, String catalog, LocalDate catalogDate,
			Instant repricedAt, long calls, long changed, BigDecimal oldCost, BigDecimal newCost, long unpricedBefore,
			long unpricedAfter) {
	}

	private static final class Totals {

		long calls;

		long changed;

		BigDecimal oldCost = BigDecimal.ZERO;

		BigDecimal newCost = BigDecimal.ZERO;

		long unpricedBefore;

		long unpricedAfter;

		/** @return whether the cost changed (a price where there was none, none where there was one, or another) */
		boolean add(boolean usageReported, BigDecimal before, BigDecimal after) {
			this.calls++;
			this.unpricedBefore += usageReported && before == null ? 1 : 0;
			this.unpricedAfter += usageReported && after == null ? 1 : 0;
			this.oldCost = before != null ? this.oldCost.add(before) : this.oldCost;
			this.newCost = after != null ? this.newCost.add(after) : this.newCost;
			boolean changed = before == null ? after != null : (after == null || before.compareTo(after) != 0);
			this.changed += changed ? 1 : 0;
			return changed;
		}

	}

	private record Row(UUID id, String provider, String model, String requestedModel, String serviceTier,
			TokenUsage usage, BigDecimal cost) {

		static Row of(ResultSet result) throws SQLException {
			TokenUsage usage = new TokenUsage(result.getLong("input_tokens"), result.getLong("cache_read_tokens"),
					result.getLong("cache_write_5m_tokens"), result.getLong("cache_write_1h_tokens"),
					result.getLong("output_tokens"), result.getLong("reasoning_tokens"),
					result.getBoolean("usage_reported"));
			return new Row(result.getObject("id", UUID.class), result.getString("provider"),
					result.getString("model"), result.getString("requested_model"), result.getString("service_tier"),
					usage, result.getBigDecimal("cost"));
		}

	}

}
