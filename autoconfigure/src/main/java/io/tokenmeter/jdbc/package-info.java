/**
 * The JDBC ledger: call records in a database table, and the spend report, chargeback and repricing read from it.
 */
@NullMarked
package io.tokenmeter.jdbc;

import org.jspecify.annotations.NullMarked;
