package io.tokenmeter.jdbc.internal;

import java.time.Duration;
import java.time.Instant;

import io.tokenmeter.core.ledger.internal.SpendSource;

/**
 * The spend report's windows, total included, from the JDBC ledger: every instance's calls, added up in SQL by
 * {@link JdbcSpendQueries}. This instance's queued records are flushed first (briefly: a database that is away
 * makes the report fail, not wait).
 */
public final class JdbcSpendSource implements SpendSource {

	private static final Duration FLUSH_TIMEOUT = Duration.ofSeconds(2);

	private final JdbcLedger ledger;

	private final JdbcSpendQueries queries;

	/** @param ledger this instance's JDBC ledger, flushed before a read, or null */
	public JdbcSpendSource(JdbcLedger ledger, JdbcSpendQueries queries) {
		this.ledger = ledger;
		this.queries = queries;
	}

	@Override
	public String name() {
		return "jdbc";
	}

	@Override
	public boolean coversTotal() {
		return true;
	}

	@Override
	public Window read(Instant from, Instant to) {
		if (this.ledger != null) {
			this.ledger.awaitWritten(FLUSH_TIMEOUT);
		}
		return new Window(this.queries.summarize(from, to), 0);
	}

}
