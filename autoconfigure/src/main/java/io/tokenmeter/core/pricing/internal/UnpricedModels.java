package io.tokenmeter.core.pricing.internal;

import java.time.Clock;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.LongAdder;

import io.tokenmeter.core.pricing.CatalogStatus;
import io.tokenmeter.core.pricing.PricingStatus;
import io.tokenmeter.core.pricing.UnpricedModel;

/**
 * The models seen without a price since startup, with how many calls each had, for the report. Bounded: past
 * {@code maxModels} distinct ids further ids are only counted together, so hostile ids cannot grow memory.
 */
public final class UnpricedModels {

	private final int maxModels;

	private final ConcurrentMap<String, Seen> byModel = new ConcurrentHashMap<>();

	private final LongAdder beyondLimit = new LongAdder();

	public UnpricedModels(int maxModels) {
		this.maxModels = maxModels;
	}

	void add(String provider, String model, String requestedModel) {
		Seen seen = this.byModel.get(model);
		if (seen == null) {
			if (this.byModel.size() >= this.maxModels) {
				this.beyondLimit.increment();
				return;
			}
			seen = this.byModel.computeIfAbsent(model, id -> new Seen(provider, requestedModel));
		}
		seen.calls.increment();
	}

	/** The unpriced models seen, most calls first. */
	public List<UnpricedModel> snapshot() {
		return this.byModel.entrySet()
			.stream()
			.map(entry -> new UnpricedModel(entry.getKey(), entry.getValue().provider, entry.getValue().requestedModel,
					entry.getValue().calls.sum()))
			.sorted(Comparator.comparingLong(UnpricedModel::calls).reversed().thenComparing(UnpricedModel::model))
			.toList();
	}

	/** Calls of unpriced models that were not listed because {@code maxModels} ids had been seen already. */
	/** The price side of the report now: the catalog's age by the clock, the unpriced models seen so far. */
	public PricingStatus status(CatalogStatus catalog, Clock clock) {
		long age = catalog.ageDays(clock);
		return new PricingStatus(catalog.location(), catalog.source(), catalog.effectiveDate(), age < 0 ? null : age,
				catalog.stale(clock), catalog.catalogModels(), catalog.configuredModels(), snapshot(),
				callsBeyondLimit());
	}

	public long callsBeyondLimit() {
		return this.beyondLimit.sum();
	}

	private static final class Seen {

		private final String provider;

		private final String requestedModel;

		private final LongAdder calls = new LongAdder();

		Seen(String provider, String requestedModel) {
			this.provider = provider;
			this.requestedModel = requestedModel;
		}

	}

}
