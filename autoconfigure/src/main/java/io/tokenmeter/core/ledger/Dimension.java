package io.tokenmeter.core.ledger;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * What the spend report breaks totals down by; the {@code dimension} of {@code /actuator/tokenmeter/{dimension}}.
 *
 * @since 0.1.0
 */
public enum Dimension {

	/** The model that answered. */
	MODEL,
	/** The agent, feature or bot. */
	AGENT,
	/** The end user, exact (metrics fold users past a cap; the report does not). */
	USER,
	/** The session or conversation id; calls without one are not in this breakdown. */
	SESSION,
	/** The kind of call: {@code chat} or {@code embeddings}. */
	OPERATION;

	public String value() {
		return name().toLowerCase(Locale.ROOT);
	}

	/**
	 * @param text a dimension name, singular or plural, any case
	 * @throws IllegalArgumentException naming the valid dimensions
	 */
	public static Dimension parse(String text) {
		String normalized = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
		if (normalized.endsWith("s")) {
			normalized = normalized.substring(0, normalized.length() - 1);
		}
		for (Dimension dimension : values()) {
			if (dimension.value().equals(normalized)) {
				return dimension;
			}
		}
		throw new IllegalArgumentException("'" + text + "' is not a report dimension; use one of " + names());
	}

	public static String names() {
		return Arrays.stream(values()).map(Dimension::value).collect(Collectors.joining(", "));
	}

}
