package io.tokenmeter.core.ledger.internal;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;

import io.tokenmeter.core.call.LlmCall;
import io.tokenmeter.core.ledger.ExpensiveCall;
import io.tokenmeter.core.ledger.LlmCallRecord;
import org.jspecify.annotations.Nullable;

/**
 * Keeps the {@code capacity} most expensive priced calls seen, in a min-heap of that size. Most calls are not among
 * them: once the heap is full, a call that cannot outrank the cheapest kept is turned away by one read of a
 * volatile field and one {@code BigDecimal} comparison (and, at an equal cost, one {@code Instant} comparison),
 * without taking the lock or allocating. That includes the common case of many calls costing the same (one prompt
 * sent again and again): among equal costs the earlier call ranks first, so a later one never gets in. Only a call
 * that may get in takes the lock (rare after warm-up: for N kept out of M random costs, about N·ln(M/N) calls).
 */
public final class TopCalls {

	private final int capacity;

	/** The cheapest call kept, on top; guarded by {@code this}. */
	private final PriorityQueue<ExpensiveCall> heap;

	/** The cheapest call kept, which a call must outrank to get in: null until the heap is full. */
	private volatile @Nullable ExpensiveCall threshold;

	/** @param capacity how many calls to keep; 0 keeps none */
	public TopCalls(int capacity) {
		if (capacity < 0) {
			throw new IllegalArgumentException("capacity must not be negative");
		}
		this.capacity = capacity;
		this.heap = new PriorityQueue<>(Math.max(1, capacity), ExpensiveCall.MOST_EXPENSIVE_FIRST.reversed());
	}

	public void offer(LlmCallRecord record) {
		if (mayEnter(record.cost(), record.timestamp())) {
			insert(ExpensiveCall.of(record));
		}
	}

	public void offer(LlmCall call) {
		if (mayEnter(call.cost(), call.timestamp())) {
			insert(ExpensiveCall.of(call));
		}
	}

	/**
	 * False only when the call surely ranks below the cheapest kept ({@link ExpensiveCall#MOST_EXPENSIVE_FIRST}:
	 * cheaper, or as cheap and later); a tie on both goes to the full comparison under the lock.
	 */
	private boolean mayEnter(@Nullable BigDecimal cost, Instant timestamp) {
		if (cost == null || this.capacity == 0) {
			return false;
		}
		ExpensiveCall threshold = this.threshold;
		if (threshold == null) {
			return true;
		}
		int byCost = cost.compareTo(threshold.cost());
		return byCost > 0 || (byCost == 0 && !timestamp.isAfter(threshold.timestamp()));
	}

	private void insert(ExpensiveCall call) {
		synchronized (this) {
			if (this.heap.size() < this.capacity) {
				this.heap.add(call);
			}
			else if (ExpensiveCall.MOST_EXPENSIVE_FIRST.compare(call, this.heap.peek()) < 0) {
				this.heap.poll();
				this.heap.add(call);
			}
			else {
				return;
			}
			if (this.heap.size() == this.capacity) {
				this.threshold = this.heap.peek();
			}
		}
	}

	/** The calls kept, most expensive first. */
	public List<ExpensiveCall> snapshot() {
		List<ExpensiveCall> calls;
		synchronized (this) {
			calls = new ArrayList<>(this.heap);
		}
		calls.sort(ExpensiveCall.MOST_EXPENSIVE_FIRST);
		return List.copyOf(calls);
	}

	/** The {@code capacity} most expensive of several periods' lists, as one pass over all their calls would keep. */
	public static List<ExpensiveCall> merge(List<List<ExpensiveCall>> parts, int capacity) {
		List<ExpensiveCall> all = new ArrayList<>();
		parts.forEach(all::addAll);
		all.sort(ExpensiveCall.MOST_EXPENSIVE_FIRST);
		return List.copyOf(all.subList(0, Math.min(capacity, all.size())));
	}

}
