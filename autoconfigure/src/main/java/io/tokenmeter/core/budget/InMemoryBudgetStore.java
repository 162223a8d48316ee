package io.tokenmeter.core.budget;

import java.math.BigDecimal;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Budget spend for a single instance. One small monitor per budget key (striped by key: calls for different
 * users never contend); the window is part of the state, so a call in a new window resets the account on the spot
 * and no background thread is needed for roll-over.
 */
public final class InMemoryBudgetStore implements BudgetStore {

	/** Accounts by budget, then by key: two lookups and no key object built per call. */
	private final Map<String, Map<String, Account>> accounts = new ConcurrentHashMap<>();

	@Override
	public Reservation reserve(BudgetAccount account, BigDecimal amount, BigDecimal limit) {
		Account state = accountOf(account);
		synchronized (state) {
			state.rollTo(account.span());
			BigDecimal committed = state.spent.add(state.reserved);
			boolean granted = state.spent.compareTo(limit) < 0 && committed.add(amount).compareTo(limit) <= 0;
			if (granted) {
				state.reserved = state.reserved.add(amount);
			}
			return new Reservation(granted, committed);
		}
	}

	@Override
	public Commit commit(BudgetAccount account, BigDecimal cost, BigDecimal reserved) {
		Account state = accountOf(account);
		synchronized (state) {
			state.rollTo(account.span());
			BigDecimal before = state.spent;
			state.spent = before.add(cost);
			state.release(reserved);
			return new Commit(before, state.spent);
		}
	}

	@Override
	public void release(BudgetAccount account, BigDecimal reserved) {
		Account state = accountOf(account);
		synchronized (state) {
			if (state.span.equals(account.span())) {
				state.release(reserved);
			}
		}
	}

	@Override
	public BigDecimal spent(BudgetAccount account) {
		Map<String, Account> byKey = this.accounts.get(account.budget());
		Account state = byKey != null ? byKey.get(account.key()) : null;
		if (state == null) {
			return BigDecimal.ZERO;
		}
		synchronized (state) {
			return state.span.equals(account.span()) ? state.spent : BigDecimal.ZERO;
		}
	}

	private Account accountOf(BudgetAccount account) {
		Map<String, Account> byKey = this.accounts.get(account.budget());
		if (byKey == null) {
			byKey = this.accounts.computeIfAbsent(account.budget(), budget -> new ConcurrentHashMap<>());
		}
		Account state = byKey.get(account.key());
		return state != null ? state : byKey.computeIfAbsent(account.key(), key -> new Account(account.span()));
	}

	private static final class Account {

		private BudgetWindow.Span span;

		private BigDecimal spent = BigDecimal.ZERO;

		private BigDecimal reserved = BigDecimal.ZERO;

		Account(BudgetWindow.Span span) {
			this.span = span;
		}

		/** A newer window starts from zero; an older one (a late call) is counted into the current window. */
		void rollTo(BudgetWindow.Span now) {
			if (!this.span.equals(now) && now.start() != null && this.span.start() != null
					&& now.start().isAfter(this.span.start())) {
				this.span = now;
				this.spent = BigDecimal.ZERO;
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
