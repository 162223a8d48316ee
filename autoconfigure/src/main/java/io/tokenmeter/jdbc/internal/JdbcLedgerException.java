package io.tokenmeter.jdbc.internal;

/** A query or update of the JDBC ledger failed; the message says which and why. */
public class JdbcLedgerException extends RuntimeException {

	public JdbcLedgerException(String message, Throwable cause) {
		super(message, cause);
	}

}
