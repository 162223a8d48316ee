package io.tokenmeter.core.metrics.internal;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Admits the first {@code max} distinct values of a tag and folds every later one into {@code other}, so a tag
 * fed by user ids cannot grow the number of time series without bound. Values already admitted stay admitted.
 */
public final class BoundedTagValues {

	public static final String OTHER = "other";

	private final int max;

	private final Set<String> admitted = ConcurrentHashMap.newKeySet();

	private final AtomicInteger size = new AtomicInteger();

	public BoundedTagValues(int max) {
		this.max = max;
	}

	public String valueOf(String value) {
		if (this.admitted.contains(value)) {
			return value;
		}
		if (this.size.get() >= this.max) {
			return OTHER;
		}
		if (this.size.incrementAndGet() <= this.max) {
			this.admitted.add(value);
			return value;
		}
		this.size.decrementAndGet();
		return this.admitted.contains(value) ? value : OTHER;
	}

}
