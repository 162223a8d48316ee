package io.tokenmeter.advisor;

import java.util.Arrays;

import org.jspecify.annotations.Nullable;

/**
 * The text of a stream's chunks, kept by reference (no copy) for the estimate of a stream that ends without a usage
 * report: OpenAI reports a stream's usage only in its last chunk, so every OpenAI stream keeps its text to the end,
 * and copying every chunk into a builder cost more per chunk than the rest of the metering. Holding the chunks'
 * own strings costs one array store per chunk; they are joined only when an estimate needs them, which is rare.
 * At most {@link #MAX_CHARS} characters are kept; an estimate then counts what was kept.
 */
final class StreamedText implements CharSequence {

	/** Text kept for the estimate of a stream without usage. */
	static final int MAX_CHARS = 1 << 20;

	private static final int FIRST_CAPACITY = 256;

	private String[] parts = new String[FIRST_CAPACITY];

	private int count;

	private int length;

	private @Nullable String joined;

	/** Keeps a chunk's text, or what still fits of it. */
	void add(String text) {
		int room = MAX_CHARS - this.length;
		if (room <= 0) {
			return;
		}
		String kept = text.length() <= room ? text : text.substring(0, room);
		if (this.count == this.parts.length) {
			this.parts = Arrays.copyOf(this.parts, this.count * 2);
		}
		this.parts[this.count++] = kept;
		this.length += kept.length();
		this.joined = null;
	}

	@Override
	public int length() {
		return this.length;
	}

	@Override
	public char charAt(int index) {
		return toString().charAt(index);
	}

	@Override
	public CharSequence subSequence(int start, int end) {
		return toString().substring(start, end);
	}

	@Override
	public String toString() {
		String joined = this.joined;
		if (joined == null) {
			StringBuilder text = new StringBuilder(this.length);
			for (int i = 0; i < this.count; i++) {
				text.append(this.parts[i]);
			}
			joined = text.toString();
			this.joined = joined;
		}
		return joined;
	}

}
