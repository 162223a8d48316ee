package io.tokenmeter.core.budget.internal;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import java.util.function.Supplier;

import io.tokenmeter.core.budget.BudgetAccount;
import io.tokenmeter.core.budget.BudgetStore;
import io.tokenmeter.core.budget.StoreFailureMode;

/**
 * Keeps an unreachable remote store (Redis) from holding up model calls, and from losing what it could not
 * deliver. After one failed operation, every operation fails at once for {@code openFor}, without a round trip,
 * then the next one tries the store again. Without this, each call would wait out the client's command timeout
 * (Lettuce's default is 60 s) while the store is down. The failure mode ({@link StoreFailureMode}) still decides
 * what a failing reservation means for the call.
 * <p>
 * Commits and releases are never refused for good: one that fails, or arrives while the circuit is open, is kept
 * in a local journal (as the store's {@linkplain BudgetStore#commitDelivery idempotent delivery}, so a commit whose
 * answer was lost is not applied twice) and still throws, so the failure is counted. A reservation that failed
 * without an answer has its undo kept the same way. The first successful operation after the outage starts
 * delivering the journal in order on a background thread; a commit delivered from it publishes its crossings then.
 * At most {@value #MAX_KEPT} operations are kept; beyond that they are dropped and counted ({@link #dropped()}).
 * <p>
 * While open, {@link #spent} answers the last value read for the account, so gauges keep their last value rather
 * than blocking a scrape.
 */
public final class CircuitBreakingBudgetStore implements BudgetStore, AutoCloseable {

	private static final int MAX_REMEMBERED_ACCOUNTS = 10_000;

	private static final int MAX_KEPT = 100_000;

	private final BudgetStore delegate;

	private final Duration openFor;

	private final Clock clock;

	private final Map<BudgetAccount, BigDecimal> lastSpent = new ConcurrentHashMap<>();

	private final String unavailable;

	private final Deque<Kept> journal = new ConcurrentLinkedDeque<>();

	private final AtomicInteger kept = new AtomicInteger();

	private final LongAdder dropped = new LongAdder();

	private final AtomicBoolean draining = new AtomicBoolean();

	private final Executor drainer;

	private final ExecutorService ownDrainer;

	private final int maxKept;

	private volatile long openUntilMillis;

	/** Delivers the journal on a daemon thread of its own, stopped by {@link #close()}. */
	public CircuitBreakingBudgetStore(BudgetStore delegate, Duration openFor, Clock clock) {
		this(delegate, openFor, clock, Executors.newSingleThreadExecutor(runnable -> {
			Thread thread = new Thread(runnable, "tokenmeter-budget-journal");
			thread.setDaemon(true);
			return thread;
		}));
	}

	/** Delivers the journal on {@code drainer} (tests pass {@code Runnable::run} to deliver it on the spot). */
	public CircuitBreakingBudgetStore(BudgetStore delegate, Duration openFor, Clock clock, Executor drainer) {
		this(delegate, openFor, clock, drainer, MAX_KEPT);
	}

	CircuitBreakingBudgetStore(BudgetStore delegate, Duration openFor, Clock clock, Executor drainer, int maxKept) {
		this.maxKept = maxKept;
		this.delegate = delegate;
		this.openFor = openFor;
		this.clock = clock;
		this.drainer = drainer;
		this.ownDrainer = (drainer instanceof ExecutorService service) ? service : null;
		this.unavailable = "budget store unavailable (retrying after " + openFor + ")";
	}

	@Override
	public Reservation reserve(BudgetAccount account, BigDecimal amount, BigDecimal limit) {
		if (isOpen()) {
			throw new StoreUnavailableException(this.unavailable);
		}
		try {
			Reservation reservation = this.delegate.reserve(account, amount, limit);
			delivered();
			return reservation;
		}
		catch (UnconfirmedReservationException ex) {
			keep(ex.undo(), null);
			throw open(ex);
		}
		catch (RuntimeException ex) {
			throw open(ex);
		}
	}

	@Override
	public Commit commit(BudgetAccount account, BigDecimal cost, BigDecimal reserved) {
		return deliverOrKeep(this.delegate.commitDelivery(account, cost, reserved), null);
	}

	@Override
	public void commit(BudgetAccount account, BigDecimal cost, BigDecimal reserved, Consumer<Commit> whenApplied) {
		whenApplied.accept(deliverOrKeep(this.delegate.commitDelivery(account, cost, reserved), whenApplied));
	}

	@Override
	public void release(BudgetAccount account, BigDecimal reserved) {
		deliverOrKeep(this.delegate.releaseDelivery(account, reserved), null);
	}

	@Override
	public BigDecimal spent(BudgetAccount account) {
		if (isOpen()) {
			BigDecimal last = this.lastSpent.get(account);
			if (last != null) {
				return last;
			}
		}
		BigDecimal spent = guarded(() -> this.delegate.spent(account));
		if (this.lastSpent.size() < MAX_REMEMBERED_ACCOUNTS || this.lastSpent.containsKey(account)) {
			this.lastSpent.put(account, spent);
		}
		return spent;
	}

	/** True while operations fail fast. */
	public boolean isOpen() {
		return this.clock.millis() < this.openUntilMillis;
	}

	/** Commits, releases and reservation undos kept for delivery (zero when nothing is owed to the store). */
	public int pending() {
		return this.kept.get();
	}

	/** Operations dropped because the journal was full. */
	public long dropped() {
		return this.dropped.sum();
	}

	/** Stops the journal's thread; what is still kept is delivered now if the store answers. */
	@Override
	public void close() {
		if (this.ownDrainer != null) {
			this.ownDrainer.shutdown();
			try {
				this.ownDrainer.awaitTermination(5, TimeUnit.SECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
		if (this.draining.compareAndSet(false, true)) {
			deliverKept();
		}
	}

	private <T> T deliverOrKeep(Delivery<T> delivery, Consumer<T> whenApplied) {
		if (isOpen()) {
			keep(delivery, whenApplied);
			throw new StoreUnavailableException(this.unavailable + "; kept for delivery when it answers");
		}
		try {
			T result = delivery.deliver();
			delivered();
			return result;
		}
		catch (RuntimeException ex) {
			keep(delivery, whenApplied);
			throw open(ex);
		}
	}

	/** One store operation: refused at once while open, and a failure opens the circuit. */
	private <T> T guarded(Supplier<T> operation) {
		if (isOpen()) {
			throw new StoreUnavailableException(this.unavailable);
		}
		try {
			T result = operation.get();
			delivered();
			return result;
		}
		catch (RuntimeException ex) {
			throw open(ex);
		}
	}

	@SuppressWarnings("unchecked")
	private <T> void keep(Delivery<T> delivery, Consumer<T> whenApplied) {
		if (this.kept.incrementAndGet() > this.maxKept) {
			this.kept.decrementAndGet();
			this.dropped.increment();
			return;
		}
		this.journal.addLast(new Kept((Delivery<Object>) delivery, (Consumer<Object>) whenApplied));
	}

	/** The store answered: deliver what is kept, one drain at a time. */
	private void delivered() {
		if (this.kept.get() > 0 && this.draining.compareAndSet(false, true)) {
			try {
				this.drainer.execute(this::drain);
			}
			catch (RejectedExecutionException closed) {
				this.draining.set(false);
			}
		}
	}

	private void drain() {
		deliverKept();
		if (this.kept.get() > 0 && !isOpen()) {
			delivered(); // kept while this drain was finishing
		}
	}

	/** Called holding {@link #draining}; releases it. */
	private void deliverKept() {
		try {
			while (!isOpen()) {
				Kept next = this.journal.pollFirst();
				if (next == null) {
					return;
				}
				Object result;
				try {
					result = next.delivery().deliver();
				}
				catch (RuntimeException ex) {
					this.journal.addFirst(next);
					open(ex);
					return;
				}
				this.kept.decrementAndGet();
				if (next.whenApplied() != null) {
					try {
						next.whenApplied().accept(result);
					}
					catch (RuntimeException ignored) {
						// the tracker's callback counts its own failures (event listeners)
					}
				}
			}
		}
		finally {
			this.draining.set(false);
		}
	}

	private RuntimeException open(RuntimeException failure) {
		this.openUntilMillis = this.clock.millis() + this.openFor.toMillis();
		return failure;
	}

	private record Kept(Delivery<Object> delivery, Consumer<Object> whenApplied) {
	}

	/** Thrown without a round trip while the store is known to be down. */
	public static final class StoreUnavailableException extends RuntimeException {

		StoreUnavailableException(String message) {
			super(message, null, false, false);
		}

	}

}
