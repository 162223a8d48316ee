package io.tokenmeter.core.pricing;

import java.util.ArrayList;
import java.util.List;

/**
 * A model-id glob where {@code *} matches any run of characters ({@code gpt-4o-*},
 * {@code claude-sonnet-4-5-*}). Its specificity is the number of literal characters: when several patterns
 * match, the most specific wins. Matching is done once per model id (results are cached by the rate table),
 * without regular expressions.
 */
final class ModelPattern {

	private final String glob;

	private final String[] segments;

	ModelPattern(String glob) {
		this.glob = glob;
		List<String> parts = new ArrayList<>();
		int start = 0;
		for (int i = 0; i <= glob.length(); i++) {
			if (i == glob.length() || glob.charAt(i) == '*') {
				parts.add(glob.substring(start, i));
				start = i + 1;
			}
		}
		this.segments = parts.toArray(String[]::new);
	}

	String glob() {
		return this.glob;
	}

	int specificity() {
		return this.glob.length() - (this.segments.length - 1);
	}

	boolean matches(String modelId) {
		if (this.segments.length == 1) {
			return this.glob.equals(modelId);
		}
		String first = this.segments[0];
		String last = this.segments[this.segments.length - 1];
		if (!modelId.startsWith(first) || !modelId.endsWith(last)
				|| modelId.length() < first.length() + last.length()) {
			return false;
		}
		int position = first.length();
		int end = modelId.length() - last.length();
		for (int i = 1; i < this.segments.length - 1; i++) {
			int found = modelId.indexOf(this.segments[i], position);
			if (found < 0 || found + this.segments[i].length() > end) {
				return false;
			}
			position = found + this.segments[i].length();
		}
		return true;
	}

	/** True when some model id matches both globs (decided on the globs, not by trying ids). */
	boolean overlaps(ModelPattern other) {
		// An id matching both starts with both literal prefixes and ends with both literal suffixes, so one of
		// each pair must extend the other: a cheap test that settles almost every pair of a large catalog.
		if (!nested(this.segments[0], other.segments[0], true)
				|| !nested(last(this.segments), last(other.segments), false)) {
			return false;
		}
		return intersect(this.glob, 0, other.glob, 0, new Boolean[this.glob.length() + 1][other.glob.length() + 1]);
	}

	private static String last(String[] segments) {
		return segments[segments.length - 1];
	}

	/** Whether one of the literals is a prefix (or suffix) of the other. */
	private static boolean nested(String a, String b, boolean prefix) {
		String shorter = a.length() <= b.length() ? a : b;
		String longer = shorter == a ? b : a;
		return prefix ? longer.startsWith(shorter) : longer.endsWith(shorter);
	}

	private static boolean intersect(String a, int i, String b, int j, Boolean[][] memo) {
		if (memo[i][j] != null) {
			return memo[i][j];
		}
		boolean result;
		if (i == a.length() && j == b.length()) {
			result = true;
		}
		else if (i < a.length() && a.charAt(i) == '*') {
			result = intersect(a, i + 1, b, j, memo) || (j < b.length() && intersect(a, i, b, j + 1, memo));
		}
		else if (j < b.length() && b.charAt(j) == '*') {
			result = intersect(a, i, b, j + 1, memo) || (i < a.length() && intersect(a, i + 1, b, j, memo));
		}
		else {
			result = i < a.length() && j < b.length() && a.charAt(i) == b.charAt(j)
					&& intersect(a, i + 1, b, j + 1, memo);
		}
		memo[i][j] = result;
		return result;
	}

	@Override
	public String toString() {
		return this.glob;
	}

}
