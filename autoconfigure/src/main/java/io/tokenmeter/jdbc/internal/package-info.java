/**
 * The JDBC ledger: call records in a database table, and the spend report, chargeback and repricing read from it.
 * <p>
 * Not API: public only so that tokenmeter's own packages and its auto-configuration can reach them; may change
 * or disappear without notice in any release.
 */
@NullMarked
package io.tokenmeter.jdbc.internal;

import org.jspecify.annotations.NullMarked;
