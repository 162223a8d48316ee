package io.tokenmeter.autoconfigure;

import io.tokenmeter.autoconfigure.TokenMeterProperties.Ledger;
import io.tokenmeter.core.internal.InvalidConfigurationException;

/** Refuses a negative {@code tokenmeter.ledger.preview-chars} with the property's own advice. */
final class PreviewCharsCheck {

	private PreviewCharsCheck() {
	}

	/** The preview length the advisor should keep: 0 when the ledger is off. */
	static int previewChars(Ledger ledger) {
		if (ledger.getPreviewChars() < 0) {
			throw new InvalidConfigurationException("tokenmeter.ledger.preview-chars",
					"must not be negative (was " + ledger.getPreviewChars() + ")",
					"Set tokenmeter.ledger.preview-chars to 0 (no preview, the default) or a number of characters "
							+ "such as 200.");
		}
		return ledger.previewCharsKept();
	}

}
