package io.tokenmeter.autoconfigure.ledger;

import java.time.Duration;

import io.tokenmeter.autoconfigure.TokenMeterProperties.Jdbc;
import io.tokenmeter.autoconfigure.TokenMeterProperties.Jsonl;
import io.tokenmeter.autoconfigure.TokenMeterProperties.Ledger;
import io.tokenmeter.core.internal.InvalidConfigurationException;

/** Refuses ledger settings that cannot work, naming the property and what to write instead. */
final class LedgerConfigurationCheck {

	private LedgerConfigurationCheck() {
	}

	/** The most expensive calls a report can list: a heap per period, searched under a lock by calls that get in. */
	static final int MAX_TOP_CALLS = 1000;

	static void check(Ledger ledger) {
		atLeastOne("tokenmeter.ledger.max-users", ledger.getMaxUsers(), "10000");
		atLeastOne("tokenmeter.ledger.max-sessions", ledger.getMaxSessions(), "10000");
		atLeastOne("tokenmeter.ledger.top-users", ledger.getTopUsers(), "10");
		if (ledger.getTopCalls() < 0 || ledger.getTopCalls() > MAX_TOP_CALLS) {
			throw new InvalidConfigurationException("tokenmeter.ledger.top-calls",
					"must be between 0 and " + MAX_TOP_CALLS + " (was " + ledger.getTopCalls() + ")",
					"Set tokenmeter.ledger.top-calls to the number of most expensive calls to list, e.g. 10 (0 lists "
							+ "none). Every call in the period is still in the totals and the ledger.");
		}
	}

	static void check(Jsonl jsonl) {
		atLeastOne("tokenmeter.ledger.jsonl.retention-days", jsonl.getRetentionDays(), "30");
		atLeastOne("tokenmeter.ledger.jsonl.queue-capacity", jsonl.getQueueCapacity(), "10000");
		if (jsonl.getMaxFileSize() != null && jsonl.getMaxFileSize().toBytes() <= 0) {
			throw new InvalidConfigurationException("tokenmeter.ledger.jsonl.max-file-size",
					"must be positive (was " + jsonl.getMaxFileSize() + ")",
					"Set a size such as 500MB, or remove the property for no cap.");
		}
		Duration timeout = jsonl.getBlockTimeout();
		if (timeout == null || timeout.isNegative()) {
			throw new InvalidConfigurationException("tokenmeter.ledger.jsonl.block-timeout",
					"must not be negative (was " + timeout + ")", "Set a duration such as 1s.");
		}
		if (jsonl.getDirectory() == null || jsonl.getDirectory().toString().isBlank()) {
			throw new InvalidConfigurationException("tokenmeter.ledger.jsonl.directory", "is empty",
					"Set a writable directory such as /var/lib/myapp/tokenmeter-ledger.");
		}
	}

	static void check(Jdbc jdbc) {
		atLeastOne("tokenmeter.ledger.jdbc.queue-capacity", jdbc.getQueueCapacity(), "10000");
		atLeastOne("tokenmeter.ledger.jdbc.batch-size", jdbc.getBatchSize(), "500");
		Duration timeout = jdbc.getBlockTimeout();
		if (timeout == null || timeout.isNegative()) {
			throw new InvalidConfigurationException("tokenmeter.ledger.jdbc.block-timeout",
					"must not be negative (was " + timeout + ")", "Set a duration such as 100ms.");
		}
		Duration pause = jdbc.getMaxRetryPause();
		if (pause == null || pause.isNegative() || pause.isZero()) {
			throw new InvalidConfigurationException("tokenmeter.ledger.jdbc.max-retry-pause",
					"must be positive (was " + pause + ")", "Set a duration such as 5s.");
		}
	}

	private static void atLeastOne(String property, int value, String example) {
		if (value < 1) {
			throw new InvalidConfigurationException(property, "must be at least 1 (was " + value + ")",
					"Set " + property + " to a positive number, e.g. " + example + ".");
		}
	}

}
