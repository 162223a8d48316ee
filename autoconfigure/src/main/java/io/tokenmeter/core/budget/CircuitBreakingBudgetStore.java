package io.tokenmeter.core.budget;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Keeps an unreachable remote store (Redis) from holding up model calls: after one failed operation, every
 * operation fails at once for {@code openFor}, without a round trip, then the next one tries the store again.
 * Without this, each call would wait out the client's command timeout (Lettuce's default is 60 s) while the store
 * is down. The failure mode ({@link StoreFailureMode}) still decides what a failing operation means for the call.
 * While open, {@link #spent} answers the last value read for the account, so gauges keep their last value
 * rather than blocking a scrape.
 */
public final class CircuitBreakingBudgetStore implements BudgetStore {

	private static final int MAX_REMEMBERED_ACCOUNTS = 10_000;

	private final BudgetStore delegate;

	private final Duration openFor;

	private final Clock clock;

	private final Map<BudgetAccount, BigDecimal> lastSpent = new ConcurrentHashMap<>();

	private final String unavailable;

	private volatile long openUntilMillis;

	public CircuitBreakingBudgetStore(BudgetStore delegate, Duration openFor, Clock clock) {
		this.delegate = delegate;
		this.openFor = openFor;
		this.clock = clock;
		this.unavailable = "budget store unavailable (retrying after " + openFor + ")";
	}

	@Override
	public Reservation reserve(BudgetAccount account, BigDecimal amount, BigDecimal limit) {
		return guarded(() -> this.delegate.reserve(account, amount, limit));
	}

	@Override
	public Commit commit(BudgetAccount account, BigDecimal cost, BigDecimal reserved) {
		return guarded(() -> this.delegate.commit(account, cost, reserved));
	}

	@Override
	public void release(BudgetAccount account, BigDecimal reserved) {
		guarded(() -> {
			this.delegate.release(account, reserved);
			return null;
		});
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

	/** One store operation: refused at once while open, and a failure opens the circuit. */
	private <T> T guarded(Supplier<T> operation) {
		if (isOpen()) {
			throw new StoreUnavailableException(this.unavailable);
		}
		try {
			return operation.get();
		}
		catch (RuntimeException ex) {
			throw open(ex);
		}
	}

	private RuntimeException open(RuntimeException failure) {
		this.openUntilMillis = this.clock.millis() + this.openFor.toMillis();
		return failure;
	}

	/** Thrown without a round trip while the store is known to be down. */
	public static final class StoreUnavailableException extends RuntimeException {

		StoreUnavailableException(String message) {
			super(message, null, false, false);
		}

	}

}
