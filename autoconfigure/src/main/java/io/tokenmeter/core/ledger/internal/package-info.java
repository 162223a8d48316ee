/**
 * The call ledger: the JSONL writer and its files, the bounded queue shared with the JDBC ledger, the ledger reader
 * and line codec, the spend reporter and the budget-spend restore.
 * <p>
 * Not API: public only so that tokenmeter's own packages and its auto-configuration can reach them; may change
 * or disappear without notice in any release.
 */
@NullMarked
package io.tokenmeter.core.ledger.internal;

import org.jspecify.annotations.NullMarked;
