package io.tokenmeter.jdbc.internal;

import java.net.ConnectException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.sql.Types;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BooleanSupplier;
import javax.sql.DataSource;

import io.tokenmeter.core.call.internal.MeteringFailures;
import io.tokenmeter.core.call.internal.MeteringStage;
import io.tokenmeter.core.ledger.LlmCallRecord;
import io.tokenmeter.core.ledger.internal.DropReason;
import io.tokenmeter.core.ledger.internal.LedgerDrops;
import io.tokenmeter.core.ledger.internal.RecordBatchWriter;
import io.tokenmeter.core.usage.TokenUsage;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Inserts call records into {@code tokenmeter_llm_call}, one transaction per batch, on the ledger queue's writer
 * thread.
 * <ul>
 * <li><b>Exactly once:</b> each record gets its id ({@link CallIds}) before the first attempt; the insert is
 * {@code ON CONFLICT (id) DO NOTHING}, so a batch retried after a commit whose answer was lost inserts nothing
 * twice.</li>
 * <li><b>Database away</b> (connection refused, cut, pool timeout, server shutting down): the batch is held and
 * retried with a growing pause (up to {@code maxRetryPause}) until it is written; meanwhile the queue fills and
 * what does not fit is dropped and counted by the queue's full-queue policy. Logged once per interval, and once
 * more with the count when writes succeed again. After the ledger is closed, retries stop after
 * {@code closeRetry}; the batch is then counted as {@link DropReason#ERROR}.</li>
 * <li><b>A row the database rejects</b> (any other error): the batch is inserted row by row and only the rows that
 * fail are dropped and counted as {@link DropReason#ERROR}, so one bad record cannot hold the ledger up.</li>
 * </ul>
 */
final class JdbcLedgerWriter implements RecordBatchWriter {

	private static final Log logger = LogFactory.getLog(JdbcLedgerWriter.class);

	static final String INSERT = "INSERT INTO tokenmeter_llm_call (id, started_at, duration_nanos, ttft_nanos, stream, "
			+ "operation, provider, requested_model, model, agent, user_id, session_id, outcome, error_type, "
			+ "finish_reason, service_tier, usage_reported, usage_estimated, input_tokens, cache_read_tokens, "
			+ "cache_write_5m_tokens, cache_write_1h_tokens, output_tokens, reasoning_tokens, cost, response_preview) "
			+ "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
			+ "ON CONFLICT (id) DO NOTHING";

	private static final long FIRST_RETRY_PAUSE_MILLIS = 50;

	private final DataSource dataSource;

	private final LedgerDrops drops;

	private final MeteringFailures failures;

	private final long maxRetryPauseMillis;

	private final long closeRetryNanos;

	private final CallIds ids = new CallIds();

	private final LongAdder written = new LongAdder();

	private final List<UUID> batchIds = new ArrayList<>();

	private volatile BooleanSupplier closing = () -> false;

	/** Records of the batch being retried while the database is away; 0 when none is. */
	private volatile int held;

	private long failedAttemptsSinceRecovery;

	private String lastFailure;

	JdbcLedgerWriter(DataSource dataSource, LedgerDrops drops, MeteringFailures failures, Duration maxRetryPause,
			Duration closeRetry) {
		this.dataSource = dataSource;
		this.drops = drops;
		this.failures = failures;
		this.maxRetryPauseMillis = Math.max(FIRST_RETRY_PAUSE_MILLIS, maxRetryPause.toMillis());
		this.closeRetryNanos = closeRetry.toNanos();
	}

	/** Tells the writer when its queue is closing, so retries end. */
	void closingWhen(BooleanSupplier closing) {
		this.closing = closing;
	}

	long written() {
		return this.written.sum();
	}

	int held() {
		return this.held;
	}

	@Override
	public void write(List<LlmCallRecord> batch) {
		this.batchIds.clear();
		for (LlmCallRecord record : batch) {
			this.batchIds.add(this.ids.next(record.timestamp().toEpochMilli()));
		}
		long pause = FIRST_RETRY_PAUSE_MILLIS;
		long closingSince = 0;
		while (true) {
			try {
				insertBatch(batch);
				this.written.add(batch.size());
				if (this.held > 0) {
					recovered();
				}
				return;
			}
			catch (SQLException ex) {
				if (!unavailable(ex)) {
					insertOneByOne(batch);
					this.held = 0;
					return;
				}
				this.held = batch.size();
				unavailableFor(ex, batch.size());
			}
			if (this.closing.getAsBoolean()) {
				long now = System.nanoTime();
				closingSince = closingSince == 0 ? now : closingSince;
				if (now - closingSince >= this.closeRetryNanos) {
					giveUp(batch.size());
					return;
				}
			}
			if (!pause(pause)) {
				giveUp(batch.size());
				return;
			}
			pause = Math.min(pause * 2, this.maxRetryPauseMillis);
		}
	}

	private void insertBatch(List<LlmCallRecord> batch) throws SQLException {
		try (Connection connection = this.dataSource.getConnection()) {
			boolean autoCommit = connection.getAutoCommit();
			connection.setAutoCommit(false);
			try (PreparedStatement insert = connection.prepareStatement(INSERT)) {
				for (int i = 0; i < batch.size(); i++) {
					bind(insert, this.batchIds.get(i), batch.get(i));
					insert.addBatch();
				}
				insert.executeBatch();
				connection.commit();
			}
			catch (SQLException | RuntimeException ex) {
				rollbackQuietly(connection);
				throw ex;
			}
			finally {
				restoreQuietly(connection, autoCommit);
			}
		}
	}

	/** After a rejected batch: every row on its own, so only the rows the database rejects are lost. */
	private void insertOneByOne(List<LlmCallRecord> batch) {
		try (Connection connection = this.dataSource.getConnection();
				PreparedStatement insert = connection.prepareStatement(INSERT)) {
			connection.setAutoCommit(true);
			for (int i = 0; i < batch.size(); i++) {
				try {
					bind(insert, this.batchIds.get(i), batch.get(i));
					insert.executeUpdate();
					this.written.increment();
				}
				catch (SQLException | RuntimeException ex) {
					this.drops.count(DropReason.ERROR, 1);
					this.failures.failed(MeteringStage.LEDGER, () -> "tokenmeter: the database rejected a call record "
							+ "(" + ex + "); it was dropped (tokenmeter.ledger.jdbc.dropped{reason=error}).");
				}
			}
		}
		catch (SQLException ex) {
			// the connection itself failed between the batch and here: count the batch, the next one retries
			this.drops.count(DropReason.ERROR, batch.size());
			this.failures.failed(MeteringStage.LEDGER, ex);
		}
	}

	static void bind(PreparedStatement insert, UUID id, LlmCallRecord record) throws SQLException {
		TokenUsage usage = record.usage();
		insert.setObject(1, id);
		insert.setObject(2, OffsetDateTime.ofInstant(record.timestamp(), ZoneOffset.UTC));
		insert.setLong(3, record.durationNanos());
		if (record.hasTimeToFirstToken()) {
			insert.setLong(4, record.timeToFirstTokenNanos());
		}
		else {
			insert.setNull(4, Types.BIGINT);
		}
		insert.setBoolean(5, record.stream());
		insert.setString(6, record.operation().value());
		insert.setString(7, text(record.provider(), "unknown"));
		insert.setString(8, text(record.requestedModel(), null));
		insert.setString(9, text(record.model(), "unknown"));
		insert.setString(10, text(record.agent(), "unknown"));
		insert.setString(11, text(record.user(), "unknown"));
		insert.setString(12, text(record.session(), null));
		insert.setString(13, record.outcome().tagValue());
		insert.setString(14, text(record.errorType(), null));
		insert.setString(15, text(record.finishReason(), null));
		insert.setString(16, text(record.serviceTier(), null));
		insert.setBoolean(17, usage.reported());
		insert.setBoolean(18, record.usageEstimated());
		insert.setLong(19, usage.input());
		insert.setLong(20, usage.cacheRead());
		insert.setLong(21, usage.cacheWrite5m());
		insert.setLong(22, usage.cacheWrite1h());
		insert.setLong(23, usage.output());
		insert.setLong(24, usage.reasoning());
		insert.setBigDecimal(25, record.cost());
		insert.setString(26, text(record.responsePreview(), null));
	}

	/** PostgreSQL text cannot hold NUL: it is replaced, so a user id with one still lands. */
	private static String text(String value, String absent) {
		if (value == null) {
			return absent;
		}
		return value.indexOf('\u0000') < 0 ? value : value.replace('\u0000', '\uFFFD');
	}

	/** Whether the database (or the way to it) is away, rather than rejecting what was sent. */
	static boolean unavailable(SQLException ex) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause instanceof SQLTransientException || cause instanceof SQLRecoverableException
					|| cause instanceof ConnectException) {
				return true;
			}
			if (cause instanceof SQLException sql && sql.getSQLState() != null) {
				String state = sql.getSQLState();
				// 08: connection exception; 57P: operator intervention (shutdown); 53: insufficient resources;
				// 40: transaction rollback (serialization failure, deadlock)
				if (state.startsWith("08") || state.startsWith("57P") || state.startsWith("53")
						|| state.startsWith("40")) {
					return true;
				}
			}
		}
		return false;
	}

	private void unavailableFor(SQLException ex, int records) {
		this.failedAttemptsSinceRecovery++;
		this.lastFailure = ex.toString();
		this.failures.failed(MeteringStage.LEDGER, () -> "tokenmeter: the JDBC ledger cannot reach the database ("
				+ this.lastFailure + "); holding " + records + " records and retrying, further records wait in the "
				+ "queue (tokenmeter.ledger.jdbc.queued) and what does not fit is dropped and counted "
				+ "(tokenmeter.ledger.jdbc.dropped{reason=queue-full}); the model calls are not affected.");
	}

	private void recovered() {
		logger.warn("tokenmeter: the JDBC ledger writes to the database again after " + this.failedAttemptsSinceRecovery
				+ " failed attempts (last cause: " + this.lastFailure + "); the held records are written.");
		this.held = 0;
		this.failedAttemptsSinceRecovery = 0;
	}

	private void giveUp(int records) {
		this.held = 0;
		this.drops.count(DropReason.ERROR, records);
		logger.warn("tokenmeter: the JDBC ledger is closing while the database is away; " + records
				+ " held records were dropped (tokenmeter.ledger.jdbc.dropped{reason=error}).");
	}

	private static boolean pause(long millis) {
		try {
			Thread.sleep(millis);
			return true;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	private static void rollbackQuietly(Connection connection) {
		try {
			connection.rollback();
		}
		catch (SQLException | RuntimeException ignored) {
			// the connection is broken; the pool discards it
		}
	}

	private static void restoreQuietly(Connection connection, boolean autoCommit) {
		try {
			connection.setAutoCommit(autoCommit);
		}
		catch (SQLException | RuntimeException ignored) {
			// the connection is broken; the pool discards it
		}
	}

}
