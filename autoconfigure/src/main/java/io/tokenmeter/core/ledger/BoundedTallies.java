package io.tokenmeter.core.ledger;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * One breakdown (per user, per session, ...) holding at most {@code max} entries. Past that, the oldest entry not
 * used since the last sweep is evicted (a CLOCK approximation of least-recently-used: each use sets a flag, the
 * sweep clears it and moves the entry to the back once) and the eviction is counted. Lock-free: a lookup of an
 * existing entry is one map read; only a new entry past the cap pays for a sweep.
 */
final class BoundedTallies {

	private final int max;

	private final ConcurrentHashMap<String, Tally> tallies = new ConcurrentHashMap<>();

	private final ConcurrentLinkedQueue<String> order = new ConcurrentLinkedQueue<>();

	private final AtomicInteger size = new AtomicInteger();

	private final LongAdder evicted = new LongAdder();

	BoundedTallies(int max) {
		if (max < 1) {
			throw new IllegalArgumentException("max must be at least 1");
		}
		this.max = max;
	}

	/** The entry of {@code key}, created (and another evicted, past the cap) when it has none. */
	Tally get(String key) {
		Tally tally = this.tallies.get(key);
		if (tally != null) {
			if (!tally.referenced) {
				tally.referenced = true;
			}
			return tally;
		}
		Tally created = new Tally();
		Tally existing = this.tallies.putIfAbsent(key, created);
		if (existing != null) {
			return existing;
		}
		this.order.offer(key);
		if (this.size.incrementAndGet() > this.max) {
			evictOne();
		}
		return created;
	}

	long evicted() {
		return this.evicted.sum();
	}

	/** A copy of the current entries. */
	Map<String, Tally> entries() {
		return new HashMap<>(this.tallies);
	}

	private void evictOne() {
		for (int scanned = 0;; scanned++) {
			String candidate = this.order.poll();
			if (candidate == null) {
				return;
			}
			Tally tally = this.tallies.get(candidate);
			if (tally == null) {
				continue;
			}
			if (tally.referenced && scanned < this.max) {
				tally.referenced = false;
				this.order.offer(candidate);
				continue;
			}
			if (this.tallies.remove(candidate, tally)) {
				this.size.decrementAndGet();
				this.evicted.increment();
			}
			return;
		}
	}

}
