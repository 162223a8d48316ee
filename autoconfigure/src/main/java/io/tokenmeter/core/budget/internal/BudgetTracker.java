package io.tokenmeter.core.budget.internal;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

import io.tokenmeter.core.budget.Budget;
import io.tokenmeter.core.budget.BudgetAccount;
import io.tokenmeter.core.budget.BudgetCrossing;
import io.tokenmeter.core.budget.BudgetEvent;
import io.tokenmeter.core.budget.BudgetExceededEvent;
import io.tokenmeter.core.budget.BudgetExceededException;
import io.tokenmeter.core.budget.BudgetStore;
import io.tokenmeter.core.budget.BudgetStoreUnavailableException;
import io.tokenmeter.core.budget.BudgetThresholdEvent;
import io.tokenmeter.core.budget.BudgetWindow;
import io.tokenmeter.core.budget.InMemoryBudgetStore;
import io.tokenmeter.core.budget.StoreFailureMode;
import io.tokenmeter.core.budget.UnpricedCallException;
import io.tokenmeter.core.call.LlmCall;
import io.tokenmeter.core.call.internal.MeteringFailures;
import io.tokenmeter.core.call.internal.MeteringStage;
import io.tokenmeter.core.internal.PicoDollars;
import io.tokenmeter.core.pricing.UnpricedModelException;

/**
 * Applies every configured budget to calls: reserves an estimate before an enforced call ({@link #admit}), then
 * commits the actual cost of every priced call and publishes the threshold and exceeded events its commit
 * crossed ({@link #settle}). Unpriced calls are not charged (they are counted as unpriced elsewhere).
 */
public final class BudgetTracker {

	private static final BigDecimal ONE = BigDecimal.ONE;

	private final List<Budget> budgets;

	/** Per budget (same order), its alert thresholds as amounts: limit × threshold, computed once. */
	private final BigDecimal[][] alertLevels;

	/** The same levels as pico-dollar thresholds, for the in-memory store's fast path ({@link #units}). */
	private final long[][] alertLevelUnits;

	private final boolean anyEnforced;

	/** The store when it is the in-memory one, whose commits of unreserved calls skip the general path. */
	private final InMemoryBudgetStore memory;

	private final BudgetStore store;

	private final BudgetEventPublisher publisher;

	private final Clock clock;

	private final StoreFailureMode storeFailureMode;

	private final MeteringFailures failures;

	private final Map<String, LongAdder> exceeded = new ConcurrentHashMap<>();

	private final RefusingKeys refusing = new RefusingKeys();

	public BudgetTracker(List<Budget> budgets, BudgetStore store, BudgetEventPublisher publisher, Clock clock,
			StoreFailureMode storeFailureMode, MeteringFailures failures) {
		this.budgets = List.copyOf(budgets);
		this.alertLevels = this.budgets.stream()
			.map(budget -> budget.alertThresholds().stream().map(budget.limit()::multiply).toArray(BigDecimal[]::new))
			.toArray(BigDecimal[][]::new);
		this.alertLevelUnits = new long[this.alertLevels.length][];
		for (int i = 0; i < this.alertLevels.length; i++) {
			this.alertLevelUnits[i] = units(this.alertLevels[i]);
		}
		this.anyEnforced = budgets.stream().anyMatch(Budget::enforce);
		this.store = store;
		this.memory = store instanceof InMemoryBudgetStore inMemory ? inMemory : null;
		this.publisher = publisher;
		this.clock = clock;
		this.storeFailureMode = storeFailureMode;
		this.failures = failures;
		for (Budget budget : budgets) {
			this.exceeded.put(budget.name(), new LongAdder());
		}
	}

	/**
	 * The tracker of an application without budgets: it admits every call without a reservation and settles
	 * nothing, so the lifecycle asks it like any other instead of testing for null.
	 */
	public static BudgetTracker none() {
		return NONE;
	}

	private static final BudgetTracker NONE = new BudgetTracker(List.of(), new InMemoryBudgetStore(), event -> {
	}, Clock.systemUTC(), StoreFailureMode.FAIL_OPEN, new MeteringFailures(Duration.ofMinutes(1)));

	public List<Budget> budgets() {
		return this.budgets;
	}

	/** Whether there is no budget at all ({@link #none()}, or none configured). */
	public boolean isEmpty() {
		return this.budgets.isEmpty();
	}

	/** Whether any budget can refuse a call (only then is a pre-call estimate worth computing). */
	public boolean enforcing() {
		return this.anyEnforced;
	}

	/** Whether an enforced budget applies to a call with these attributes. */
	public boolean enforces(String model, String agent, String user) {
		if (!this.anyEnforced) {
			return false;
		}
		for (Budget budget : this.budgets) {
			if (budget.enforce() && budget.applies(budget.scope().keyOf(model, agent, user))) {
				return true;
			}
		}
		return false;
	}

	/**
	 * Reserves the call's estimate in every enforced budget that applies, all or nothing; the estimate is asked
	 * for only when one applies.
	 * @param estimate the call's reservation; throws {@link UnpricedModelException} when the call cannot be priced
	 * @throws UnpricedCallException when an enforced budget applies and the call cannot be priced
	 * @throws BudgetExceededException when one has no room (reservations already made are released)
	 */
	public Admission admit(String model, String agent, String user, Supplier<BigDecimal> estimate) {
		if (!enforces(model, agent, user)) {
			return Admission.NONE;
		}
		BigDecimal amount;
		try {
			amount = estimate.get();
		}
		catch (UnpricedModelException ex) {
			throw unpriced(model, agent, user);
		}
		return admit(model, agent, user, amount);
	}

	/**
	 * Reserves {@code estimate} in every enforced budget that applies, all or nothing.
	 * @throws BudgetExceededException when one has no room (reservations already made are released)
	 */
	public Admission admit(String model, String agent, String user, BigDecimal estimate) {
		if (!this.anyEnforced) {
			return Admission.NONE;
		}
		Instant now = this.clock.instant();
		List<Admission.Hold> holds = new ArrayList<>(2);
		for (Budget budget : this.budgets) {
			String key = budget.scope().keyOf(model, agent, user);
			if (!budget.enforce() || !budget.applies(key)) {
				continue;
			}
			BudgetWindow.Span span = budget.window().spanAt(now);
			BudgetAccount account = new BudgetAccount(budget.name(), key, span);
			BudgetStore.Reservation reservation;
			try {
				reservation = this.store.reserve(account, estimate, budget.limit());
			}
			catch (RuntimeException ex) {
				storeFailed(budget, ex);
				if (this.storeFailureMode == StoreFailureMode.FAIL_CLOSED) {
					releaseAll(holds);
					throw new BudgetStoreUnavailableException(budget.name(), ex);
				}
				continue;
			}
			if (!reservation.granted()) {
				releaseAll(holds);
				this.refusing.refused(budget, key, span);
				throw new BudgetExceededException(budget.name(), key, budget.window().toString(), span.end(),
						budget.limit(), reservation.spentAndReserved(), estimate);
			}
			this.refusing.admitted(budget, key);
			holds.add(new Admission.Hold(budget, account, estimate));
		}
		return holds.isEmpty() ? Admission.NONE : new Admission(holds);
	}

	private UnpricedCallException unpriced(String model, String agent, String user) {
		Instant now = this.clock.instant();
		for (Budget budget : this.budgets) {
			String key = budget.scope().keyOf(model, agent, user);
			if (budget.enforce() && budget.applies(key)) {
				BudgetWindow.Span span = budget.window().spanAt(now);
				return new UnpricedCallException(budget.name(), key, budget.window().toString(), span.end(),
						budget.limit(), BigDecimal.ZERO, model);
			}
		}
		throw new IllegalStateException("no enforced budget applies");
	}

	/** Charges a finished call to every budget that applies and releases its reservations. */
	public void settle(Admission admission, LlmCall call) {
		if (this.budgets.isEmpty()) {
			return;
		}
		long now = this.clock.millis();
		BigDecimal cost = call.cost();
		long costUnits = cost == null ? 0 : PicoDollars.of(cost);
		for (int i = 0; i < this.alertLevels.length; i++) {
			Budget budget = this.budgets.get(i);
			Admission.Hold hold = admission.holdFor(budget);
			try {
				String key = budget.scope().keyOf(call);
				if (cost == null || !budget.applies(key)) {
					if (hold != null) {
						this.store.release(hold.account(), hold.amount());
					}
					continue;
				}
				BudgetWindow.Span span = budget.window().spanAt(now);
				BigDecimal[] levels = this.alertLevels[i];
				if (hold == null && this.memory != null) {
					// The usual call: nothing reserved, the in-memory store; no objects unless a level is crossed.
					BudgetStore.Commit crossing = this.memory.commitUnreserved(budget.name(), key, span, cost,
							costUnits, this.alertLevelUnits[i]);
					if (crossing != null) {
						publishCrossings(budget, levels, new BudgetAccount(budget.name(), key, span), crossing, call);
					}
					continue;
				}
				BudgetAccount account = new BudgetAccount(budget.name(), key, span);
				BigDecimal reserved = BigDecimal.ZERO;
				if (hold != null && hold.account().equals(account)) {
					reserved = hold.amount();
				}
				else if (hold != null) {
					this.store.release(hold.account(), hold.amount());
				}
				// Crossings are published when the commit is applied: now, or when a journaled one is delivered.
				this.store.commit(account, cost, reserved,
						commit -> publishCrossings(budget, levels, account, commit, call));
			}
			catch (RuntimeException ex) {
				storeFailed(budget, ex);
			}
		}
	}

	/**
	 * Alert levels as pico-dollar thresholds for sums that are pico-dollar counts: a sum crosses level L exactly
	 * when it crosses ceil(L × 10^12); a level beyond what a long holds cannot be reached by such a sum (a sum that
	 * would overflow is compared as a BigDecimal instead).
	 */
	private static long[] units(BigDecimal[] levels) {
		long[] units = new long[levels.length];
		BigDecimal max = BigDecimal.valueOf(Long.MAX_VALUE);
		for (int i = 0; i < levels.length; i++) {
			BigDecimal scaled = levels[i].movePointRight(PicoDollars.SCALE).setScale(0, RoundingMode.CEILING);
			units[i] = scaled.compareTo(max) > 0 ? Long.MAX_VALUE : scaled.longValueExact();
		}
		return units;
	}

	/** Releases the reservations of a call that never completed normally and has no cost. */
	public void release(Admission admission) {
		releaseAll(admission.holds());
	}

	/** Spend of one budget key in the current window. */
	public BigDecimal spent(Budget budget, String key) {
		return this.store.spent(new BudgetAccount(budget.name(), key, budget.window().spanAt(this.clock.instant())));
	}

	/**
	 * Whether the last admission decided for this key in the current window was a refusal for lack of room: the
	 * budget is refusing calls although (as the spend may show) its limit has not been reached yet, because the
	 * reservations of calls in flight and this call's estimate would not fit.
	 */
	public boolean refusing(Budget budget, String key) {
		return this.refusing.refusing(budget, key, budget.window().spanAt(this.clock.instant()));
	}

	/** How many calls enforced budgets refused for lack of room since start, per budget. */
	public long refusedCount(String budget) {
		return this.refusing.count(budget);
	}

	/** How many times the budget's limit was crossed since start. */
	public long exceededCount(String budget) {
		LongAdder count = this.exceeded.get(budget);
		return count == null ? 0 : count.sum();
	}

	public Clock clock() {
		return this.clock;
	}

	private void publishCrossings(Budget budget, BigDecimal[] levels, BudgetAccount account, BudgetStore.Commit commit,
			LlmCall call) {
		for (int t = 0; t < levels.length; t++) {
			if (!commit.crossed(levels[t])) {
				continue;
			}
			BigDecimal threshold = budget.alertThresholds().get(t);
			BudgetCrossing crossing = new BudgetCrossing(budget.name(), budget.scope(), account.key(),
					account.span().start(), account.span().end(), budget.limit(), commit.after(), call.model(),
					call.attribution().agent(), call.attribution().user(), call.cost());
			BudgetEvent event;
			if (threshold.compareTo(ONE) >= 0) {
				this.exceeded.get(budget.name()).increment();
				event = new BudgetExceededEvent(crossing);
			}
			else {
				event = new BudgetThresholdEvent(crossing, threshold);
			}
			try {
				this.publisher.publish(event);
			}
			catch (RuntimeException ex) {
				this.failures.failed(MeteringStage.EVENTS, ex);
			}
		}
	}

	private void releaseAll(List<Admission.Hold> holds) {
		for (Admission.Hold hold : holds) {
			try {
				this.store.release(hold.account(), hold.amount());
			}
			catch (RuntimeException ex) {
				storeFailed(hold.budget(), ex);
			}
		}
	}

	/** Counted every time, told in one line (not a stack trace) at most once per interval while it lasts. */
	private void storeFailed(Budget budget, RuntimeException ex) {
		this.failures.failed(MeteringStage.BUDGET, () -> "tokenmeter: budget store failed for budget '" + budget.name()
				+ "' (" + ex + "); behaviour: " + this.storeFailureMode + ".");
	}

}
