package io.tokenmeter.core.budget;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.tokenmeter.core.internal.ExactSum;
import io.tokenmeter.core.internal.PicoDollars;

/**
 * Budget spend for a single instance. One small monitor per budget key (striped by key: calls for different
 * users never contend); the window is part of the state, so a call in a new window resets the account on the spot
 * and no background thread is needed for roll-over.
 * <p>
 * <b>Memory is bounded by the keys of the current window.</b> When a budget's first call of a new window arrives,
 * the accounts of its past windows are dropped in one pass (one pass per budget per window), so a per-user daily
 * budget holds the users seen today, not every user seen since start. A late call that still names a past window is
 * counted into the current one, as before.
 * <p>
 * <b>Nothing survives a restart</b> by itself: with the JSONL ledger on, the auto-configuration rebuilds the
 * current windows' spend from it at startup ({@link #restore}); otherwise budgets start from zero.
 *
 * @since 0.1.0
 */
public final class InMemoryBudgetStore implements BudgetStore {

	/** Accounts by budget, then by key: two lookups and no key object built per call. */
	private final Map<String, Budgets> accounts = new ConcurrentHashMap<>();

	@Override
	public Reservation reserve(BudgetAccount account, BigDecimal amount, BigDecimal limit) {
		while (true) {
			Account state = accountOf(account);
			synchronized (state) {
				if (state.retired) {
					continue;
				}
				state.rollTo(account.span());
				BigDecimal spent = state.spent.value();
				BigDecimal committed = spent.add(state.reserved);
				boolean granted = spent.compareTo(limit) < 0 && committed.add(amount).compareTo(limit) <= 0;
				if (granted) {
					state.reserved = state.reserved.add(amount);
				}
				return new Reservation(granted, committed);
			}
		}
	}

	@Override
	public Commit commit(BudgetAccount account, BigDecimal cost, BigDecimal reserved) {
		while (true) {
			Account state = accountOf(account);
			synchronized (state) {
				if (state.retired) {
					continue;
				}
				state.rollTo(account.span());
				BigDecimal before = state.spent.value();
				state.spent.add(cost);
				state.release(reserved);
				return new Commit(before, state.spent.value());
			}
		}
	}

	@Override
	public void release(BudgetAccount account, BigDecimal reserved) {
		Account state = existing(account);
		if (state == null) {
			return; // a past window already dropped: nothing is reserved there any more
		}
		synchronized (state) {
			if (!state.retired && state.span.equals(account.span())) {
				state.release(reserved);
			}
		}
	}

	@Override
	public BigDecimal spent(BudgetAccount account) {
		Account state = existing(account);
		if (state == null) {
			return BigDecimal.ZERO;
		}
		synchronized (state) {
			return !state.retired && state.span.equals(account.span()) ? state.spent.value() : BigDecimal.ZERO;
		}
	}

	/**
	 * Not API (public only for tokenmeter's budget tracker): the tracker's path for a call that holds no
	 * reservation (every call of a tracked, not enforced budget): commits {@code cost} without an account or commit
	 * object and in pico-dollars, and builds the {@link Commit} only when the call crossed one of {@code levels}.
	 * @param costUnits {@code PicoDollars.of(cost)}
	 * @param levels the alert levels as pico-dollar thresholds: a pico-dollar sum crosses a level when it goes from
	 * below the threshold to at or above it
	 * @return the commit when it may have crossed a level, else null
	 */
	public Commit commitUnreserved(String budget, String key, BudgetWindow.Span span, BigDecimal cost, long costUnits,
			long[] levels) {
		while (true) {
			Account state = accountOf(budget, key, span);
			synchronized (state) {
				if (state.retired) {
					continue;
				}
				state.rollTo(span);
				long before = state.spent.units();
				int beforeScale = state.spent.scale();
				if (before == PicoDollars.NOT_EXACT || costUnits == PicoDollars.NOT_EXACT) {
					BigDecimal beforeValue = state.spent.value();
					state.spent.add(cost, costUnits);
					return new Commit(beforeValue, state.spent.value());
				}
				state.spent.add(cost, costUnits);
				long after = state.spent.units();
				if (after == PicoDollars.NOT_EXACT || crossedAny(levels, before, after)) {
					return new Commit(before == 0 && beforeScale == 0 ? BigDecimal.ZERO
							: PicoDollars.toBigDecimal(before, beforeScale), state.spent.value());
				}
				return null;
			}
		}
	}

	private static boolean crossedAny(long[] levels, long before, long after) {
		for (long level : levels) {
			if (before < level && after >= level) {
				return true;
			}
		}
		return false;
	}

	/**
	 * Adds spend that was committed before this store existed (rebuilt from the ledger at startup) to an account,
	 * without a reservation and without events.
	 */
	public void restore(BudgetAccount account, BigDecimal spent) {
		commit(account, spent, BigDecimal.ZERO);
	}

	/** How many accounts are held, over every budget. */
	public int accountCount() {
		int count = 0;
		for (Budgets budget : this.accounts.values()) {
			count += budget.byKey.size();
		}
		return count;
	}

	private Account existing(BudgetAccount account) {
		Budgets budget = this.accounts.get(account.budget());
		return budget != null ? budget.byKey.get(account.key()) : null;
	}

	private Account accountOf(BudgetAccount account) {
		return accountOf(account.budget(), account.key(), account.span());
	}

	private Account accountOf(String name, String key, BudgetWindow.Span span) {
		Budgets budget = this.accounts.get(name);
		if (budget == null) {
			budget = this.accounts.computeIfAbsent(name, any -> new Budgets());
		}
		budget.sweepBefore(span);
		Account state = budget.byKey.get(key);
		return state != null ? state : budget.byKey.computeIfAbsent(key, any -> new Account(span));
	}

	/** One budget's accounts, and the newest window start seen, which triggers the sweep of older accounts. */
	private static final class Budgets {

		private final Map<String, Account> byKey = new ConcurrentHashMap<>();

		private volatile Instant newestStart;

		/** Drops the accounts of windows before {@code span}, once per new window (the thread that sees it first). */
		void sweepBefore(BudgetWindow.Span span) {
			Instant start = span.start();
			Instant newest = this.newestStart;
			if (start == null || (newest != null && !start.isAfter(newest))) {
				return; // the total window, or a window not newer than the newest seen: the common case
			}
			synchronized (this) {
				newest = this.newestStart;
				if (newest != null && !start.isAfter(newest)) {
					return;
				}
				this.newestStart = start;
			}
			if (newest == null) {
				return;
			}
			for (Iterator<Account> accounts = this.byKey.values().iterator(); accounts.hasNext();) {
				Account state = accounts.next();
				synchronized (state) {
					if (state.span.start() != null && state.span.start().isBefore(start)) {
						state.retired = true;
						accounts.remove();
					}
				}
			}
		}

	}

	private static final class Account {

		private BudgetWindow.Span span;

		/** Exact, in pico-dollars while it fits (no BigDecimal per commit). */
		private final ExactSum spent = new ExactSum();

		private BigDecimal reserved = BigDecimal.ZERO;

		/** Dropped from the map by a sweep: a thread that still holds it looks the account up again. */
		private boolean retired;

		Account(BudgetWindow.Span span) {
			this.span = span;
		}

		/** A newer window starts from zero; an older one (a late call) is counted into the current window. */
		void rollTo(BudgetWindow.Span now) {
			if (!this.span.equals(now) && now.start() != null && this.span.start() != null
					&& now.start().isAfter(this.span.start())) {
				this.span = now;
				this.spent.reset();
				this.reserved = BigDecimal.ZERO;
			}
		}

		void release(BigDecimal amount) {
			this.reserved = this.reserved.subtract(amount);
			if (this.reserved.signum() < 0) {
				this.reserved = BigDecimal.ZERO;
			}
		}

	}

}
