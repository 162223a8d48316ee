package io.tokenmeter.core.ledger;

import java.math.BigDecimal;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

import io.tokenmeter.core.usage.TokenUsage;

/**
 * Running spend of one breakdown entry, updated without locks: counts in adders, the exact cost by
 * compare-and-set on an immutable {@link BigDecimal}.
 */
final class Tally {

	private final LongAdder calls = new LongAdder();

	private final LongAdder unpriced = new LongAdder();

	private final LongAdder input = new LongAdder();

	private final LongAdder cacheRead = new LongAdder();

	private final LongAdder cacheWrite = new LongAdder();

	private final LongAdder output = new LongAdder();

	private final LongAdder reasoning = new LongAdder();

	private final AtomicReference<BigDecimal> cost = new AtomicReference<>(BigDecimal.ZERO);

	/** Set on every use, cleared by the eviction sweep: entries used since the last sweep get a second chance. */
	volatile boolean referenced;

	/** For model entries: the model the requests named (model-scoped budgets key on it), or null. */
	volatile String requestedModel;

	void add(LlmCallRecord record) {
		this.calls.increment();
		TokenUsage usage = record.usage();
		if (usage.reported()) {
			addIfPositive(this.input, usage.input());
			addIfPositive(this.cacheRead, usage.cacheRead());
			addIfPositive(this.cacheWrite, usage.cacheWrite());
			addIfPositive(this.output, usage.output());
			addIfPositive(this.reasoning, usage.reasoning());
		}
		BigDecimal callCost = record.cost();
		if (callCost != null) {
			BigDecimal current;
			do {
				current = this.cost.get();
			}
			while (!this.cost.compareAndSet(current, current.add(callCost)));
		}
		else if (usage.reported()) {
			this.unpriced.increment();
		}
	}

	Spend snapshot() {
		return new Spend(this.calls.sum(), this.cost.get(), this.unpriced.sum(), new TokenCounts(this.input.sum(),
				this.cacheRead.sum(), this.cacheWrite.sum(), this.output.sum(), this.reasoning.sum()));
	}

	private static void addIfPositive(LongAdder adder, long value) {
		if (value > 0) {
			adder.add(value);
		}
	}

}
