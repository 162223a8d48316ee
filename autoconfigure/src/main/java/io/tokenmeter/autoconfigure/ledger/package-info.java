/**
 * Auto-configuration of call records: events, the in-memory report, the JSONL and JDBC ledgers.
 */
@NullMarked
package io.tokenmeter.autoconfigure.ledger;

import org.jspecify.annotations.NullMarked;
