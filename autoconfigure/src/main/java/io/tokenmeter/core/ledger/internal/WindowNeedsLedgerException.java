package io.tokenmeter.core.ledger.internal;

import io.tokenmeter.core.ledger.ReportWindow;

/** A report window other than {@code total} was asked for while the JSONL ledger it is read from is off. */
public class WindowNeedsLedgerException extends RuntimeException {

	public WindowNeedsLedgerException(ReportWindow window) {
		super("The '" + window.value() + "' window is read from the JSONL ledger, which is off. Set "
				+ "tokenmeter.ledger.jsonl.enabled=true to keep call records on disk (or "
				+ "tokenmeter.ledger.jdbc.enabled=true to keep every instance's in the database), or ask for "
				+ "window=total (since start, kept in memory).");
	}

}
