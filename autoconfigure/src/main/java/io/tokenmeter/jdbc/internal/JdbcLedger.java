package io.tokenmeter.jdbc.internal;

import java.time.Duration;
import javax.sql.DataSource;

import io.tokenmeter.core.call.internal.MeteringFailures;
import io.tokenmeter.core.ledger.FullQueuePolicy;
import io.tokenmeter.core.ledger.internal.LedgerDrops;
import io.tokenmeter.core.ledger.internal.LedgerQueue;
import io.tokenmeter.core.ledger.internal.QueuedLedgerSink;

/**
 * The JDBC ledger: every call record inserted into {@code tokenmeter_llm_call} off the calling thread, in
 * batches, through the same bounded {@link LedgerQueue} (full-queue policy, drop counting) as the JSONL ledger.
 * Several instances of an application writing to one database make one cluster-wide ledger, which
 * {@link JdbcSpendQueries} adds up in SQL. See {@code JdbcLedgerWriter} for what happens while the database is
 * away. {@link #close()} writes what is queued before returning.
 */
public final class JdbcLedger extends QueuedLedgerSink {

	private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(30);

	private final LedgerDrops drops = new LedgerDrops("JDBC ledger", JdbcLedgerMetrics.DROPPED);

	private final JdbcLedgerWriter writer;

	private final LedgerQueue queue;

	/**
	 * @param dataSource the application's database
	 * @param queueCapacity records that may wait for the writer thread (and for a database that is away)
	 * @param fullQueuePolicy what to do with a record when the queue is full
	 * @param blockTimeout how long {@link FullQueuePolicy#BLOCK} waits for room
	 * @param batchSize records inserted per transaction at most
	 * @param maxRetryPause the longest pause between attempts while the database is away
	 * @param failures where failures are counted and logged (rate-limited)
	 */
	public JdbcLedger(DataSource dataSource, int queueCapacity, FullQueuePolicy fullQueuePolicy, Duration blockTimeout,
			int batchSize, Duration maxRetryPause, MeteringFailures failures) {
		this.writer = new JdbcLedgerWriter(dataSource, this.drops, failures, maxRetryPause, Duration.ofSeconds(10));
		this.queue = new LedgerQueue("tokenmeter-jdbc-ledger", queueCapacity, fullQueuePolicy, blockTimeout,
				batchSize, DRAIN_TIMEOUT, this.drops, this.writer);
		this.writer.closingWhen(this.queue::closing);
	}

	/** Starts the writer thread. */
	public void start() {
		this.queue.start();
	}

	@Override
	protected LedgerQueue queue() {
		return this.queue;
	}

	@Override
	protected LedgerDrops drops() {
		return this.drops;
	}

	/** Records of the batch held for a retry while the database is away; 0 while it answers. */
	public int held() {
		return this.writer.held();
	}

	/** Records inserted since start. */
	public long written() {
		return this.writer.written();
	}

}
