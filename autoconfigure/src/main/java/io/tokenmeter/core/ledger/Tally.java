package io.tokenmeter.core.ledger;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.math.BigDecimal;

import io.tokenmeter.core.internal.ExactSum;
import io.tokenmeter.core.usage.TokenUsage;

/**
 * Running spend of one breakdown entry. Every call adds to one {@link Cell} under that cell's own tiny lock: one
 * compare-and-set and plain writes, instead of an atomic operation per counter and a compare-and-set of a new
 * {@code BigDecimal} per call. Cells are striped by thread, like {@code LongAdder}'s: an entry starts with one and
 * grows up to {@link #MAX_CELLS} when threads collide, so a shared entry (the totals, a popular model) scales with
 * the cores and a per-user entry stays small. The cost is summed exactly as pico-dollars ({@link ExactSum}) and
 * read back as the {@code BigDecimal} a plain sum would have given, scale included.
 */
final class Tally {

	/** Enough cells for every core to add without waiting (a power of two). */
	static final int MAX_CELLS = Integer.highestOneBit(Math.max(1, Runtime.getRuntime().availableProcessors()) * 4 - 1);

	private volatile Cell[] cells = { new Cell() };

	/** Set on every use, cleared by the eviction sweep: entries used since the last sweep get a second chance. */
	volatile boolean referenced;

	/** For model entries: the model the requests named (model-scoped budgets key on it), or null. */
	volatile String requestedModel;

	/**
	 * @param usage the call's tokens
	 * @param cost its exact cost, or null when unpriced
	 * @param costUnits {@code PicoDollars.of(cost)}, worked out once per call for all its tallies (ignored when
	 * {@code cost} is null)
	 */
	void add(TokenUsage usage, BigDecimal cost, long costUnits) {
		Cell cell = lock();
		try {
			cell.add(usage, cost, costUnits);
		}
		finally {
			cell.unlock();
		}
	}

	Spend snapshot() {
		long calls = 0;
		long unpriced = 0;
		long input = 0;
		long cacheRead = 0;
		long cacheWrite = 0;
		long output = 0;
		long reasoning = 0;
		BigDecimal cost = BigDecimal.ZERO;
		for (Cell cell : this.cells) {
			cell.lockWaiting();
			try {
				calls += cell.calls;
				unpriced += cell.unpriced;
				input += cell.input;
				cacheRead += cell.cacheRead;
				cacheWrite += cell.cacheWrite;
				output += cell.output;
				reasoning += cell.reasoning;
				cost = cost.add(cell.cost.value());
			}
			finally {
				cell.unlock();
			}
		}
		return new Spend(calls, cost, unpriced, new TokenCounts(input, cacheRead, cacheWrite, output, reasoning));
	}

	/** The calling thread's cell, locked: its home cell when free, else any free one (growing the stripes). */
	private Cell lock() {
		Cell[] cells = this.cells;
		int probe = probe();
		Cell home = cells[probe & (cells.length - 1)];
		return home.tryLock() ? home : lockContended(probe);
	}

	private Cell lockContended(int probe) {
		for (int round = 0;; round++) {
			Cell[] cells = this.cells;
			for (int i = 0; i < cells.length; i++) {
				Cell cell = cells[(probe + i) & (cells.length - 1)];
				if (cell.tryLock()) {
					return cell;
				}
			}
			if (cells.length < MAX_CELLS) {
				grow(cells);
			}
			else {
				Cell.backOff(round);
			}
		}
	}

	private synchronized void grow(Cell[] seen) {
		if (this.cells != seen) {
			return;
		}
		Cell[] grown = new Cell[seen.length * 2];
		System.arraycopy(seen, 0, grown, 0, seen.length);
		for (int i = seen.length; i < grown.length; i++) {
			grown[i] = new Cell();
		}
		this.cells = grown;
	}

	/** A fixed spread of the thread's id: a thread keeps to its cell, different threads spread over the cells. */
	private static int probe() {
		long id = Thread.currentThread().getId();
		return (int) ((id * 0x9E3779B97F4A7C15L) >>> 32);
	}

	/** One stripe of the sums, written only while its lock is held. */
	private static final class Cell {

		private static final VarHandle LOCK;

		static {
			try {
				LOCK = MethodHandles.lookup().findVarHandle(Cell.class, "lock", int.class);
			}
			catch (ReflectiveOperationException ex) {
				throw new ExceptionInInitializerError(ex);
			}
		}

		@SuppressWarnings("unused") // through LOCK
		private volatile int lock;

		long calls;

		long unpriced;

		long input;

		long cacheRead;

		long cacheWrite;

		long output;

		long reasoning;

		/** The exact cost. */
		final ExactSum cost = new ExactSum();

		boolean tryLock() {
			return this.lock == 0 && LOCK.compareAndSet(this, 0, 1);
		}

		void lockWaiting() {
			for (int round = 0; !tryLock(); round++) {
				backOff(round);
			}
		}

		void unlock() {
			LOCK.setRelease(this, 0);
		}

		/** Spins briefly, then yields: a lock holder that was preempted gets the core back (two cores here). */
		static void backOff(int round) {
			if (round < 8) {
				Thread.onSpinWait();
			}
			else {
				Thread.yield();
			}
		}

		void add(TokenUsage usage, BigDecimal cost, long units) {
			this.calls++;
			if (usage.reported()) {
				this.input += usage.input();
				this.cacheRead += usage.cacheRead();
				this.cacheWrite += usage.cacheWrite();
				this.output += usage.output();
				this.reasoning += usage.reasoning();
			}
			if (cost == null) {
				if (usage.reported()) {
					this.unpriced++;
				}
				return;
			}
			this.cost.add(cost, units);
		}

	}

}
