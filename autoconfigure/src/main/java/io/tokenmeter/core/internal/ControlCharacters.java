package io.tokenmeter.core.internal;

import org.jspecify.annotations.Nullable;

/**
 * Escapes control characters in values that callers provide (user, agent and model ids, error types) before they
 * become meter tag values or parts of a log line, so a user id holding a line feed cannot forge a log line and an
 * ESC or BEL cannot reach a terminal through a Prometheus label. Escaped: C0 controls (line feed as {@code \n},
 * carriage return as {@code \r}, tab as {@code \t}, the rest as {@code \}{@code u00XX}), DEL, C1 controls and the
 * Unicode line and paragraph separators. A clean value, which is almost every value, is returned as the same
 * instance after one pass over its characters: no regex, no allocation.
 */
public final class ControlCharacters {

	private static final char[] HEX = "0123456789abcdef".toCharArray();

	private ControlCharacters() {
	}

	/** The value with its control characters escaped; the same instance when it has none; null stays null. */
	public static @Nullable String escape(@Nullable String value) {
		if (value == null) {
			return null;
		}
		int length = value.length();
		int first = 0;
		while (first < length && !isControl(value.charAt(first))) {
			first++;
		}
		if (first == length) {
			return value;
		}
		StringBuilder escaped = new StringBuilder(length + 8).append(value, 0, first);
		for (int i = first; i < length; i++) {
			char c = value.charAt(i);
			if (!isControl(c)) {
				escaped.append(c);
			}
			else if (c == '\n') {
				escaped.append("\\n");
			}
			else if (c == '\r') {
				escaped.append("\\r");
			}
			else if (c == '\t') {
				escaped.append("\\t");
			}
			else {
				escaped.append("\\u").append(HEX[(c >> 12) & 0xF]).append(HEX[(c >> 8) & 0xF])
					.append(HEX[(c >> 4) & 0xF]).append(HEX[c & 0xF]);
			}
		}
		return escaped.toString();
	}

	static boolean isControl(char c) {
		return c < 0x20 || (c >= 0x7F && c <= 0x9F) || c == '\u2028' || c == '\u2029';
	}

}
