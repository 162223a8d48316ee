/**
 * Call records: {@link io.tokenmeter.core.ledger.LlmCallRecord}, the {@link io.tokenmeter.core.ledger.LedgerSink}
 * extension point, the JSONL ledger and the spend report.
 */
@NullMarked
package io.tokenmeter.core.ledger;

import org.jspecify.annotations.NullMarked;
