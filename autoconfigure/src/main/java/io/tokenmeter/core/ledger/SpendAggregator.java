package io.tokenmeter.core.ledger;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

import io.tokenmeter.core.call.CallOutcome;
import io.tokenmeter.core.call.Operation;

/**
 * Adds up every call in memory, by model, agent, user and session, for the spend report. Exact: users and sessions
 * are never folded, costs are summed as {@link java.math.BigDecimal}. Bounded: each breakdown keeps at most its
 * cap of distinct values (users and sessions configurable, models and agents {@value #MAX_MODELS_AND_AGENTS}),
 * evicting the least recently used and counting it; totals keep every call. Lock-free on the calling thread.
 */
public final class SpendAggregator implements LedgerSink {

	/** Distinct models and distinct agents kept: both are bounded sets in practice, this guards hostile ids. */
	public static final int MAX_MODELS_AND_AGENTS = 1000;

	private static final Comparator<Map.Entry<String, Spend>> BY_COST_DESCENDING = Comparator
		.comparing((Map.Entry<String, Spend> entry) -> entry.getValue().cost())
		.reversed()
		.thenComparing(Map.Entry::getKey);

	private final Instant since;

	private final Tally totals = new Tally();

	private final LongAdder[] outcomes = new LongAdder[CallOutcome.values().length];

	private final Map<Dimension, BoundedTallies> breakdowns = new EnumMap<>(Dimension.class);

	/**
	 * @param since when aggregation started (shown in the report)
	 * @param maxUsers distinct users kept in the user breakdown
	 * @param maxSessions distinct sessions kept in the session breakdown
	 */
	public SpendAggregator(Instant since, int maxUsers, int maxSessions) {
		this.since = since;
		for (int i = 0; i < this.outcomes.length; i++) {
			this.outcomes[i] = new LongAdder();
		}
		this.breakdowns.put(Dimension.MODEL, new BoundedTallies(MAX_MODELS_AND_AGENTS));
		this.breakdowns.put(Dimension.AGENT, new BoundedTallies(MAX_MODELS_AND_AGENTS));
		this.breakdowns.put(Dimension.USER, new BoundedTallies(maxUsers));
		this.breakdowns.put(Dimension.SESSION, new BoundedTallies(maxSessions));
		this.breakdowns.put(Dimension.OPERATION, new BoundedTallies(Operation.values().length));
	}

	@Override
	public void accept(LlmCallRecordedEvent event) {
		add(event.record());
	}

	public void add(LlmCallRecord record) {
		this.totals.add(record);
		this.outcomes[record.outcome().ordinal()].increment();
		Tally model = this.breakdowns.get(Dimension.MODEL).get(record.model());
		model.add(record);
		String requested = record.requestedModel();
		if (requested != null && !requested.equals(model.requestedModel)) {
			model.requestedModel = requested;
		}
		this.breakdowns.get(Dimension.AGENT).get(record.agent()).add(record);
		this.breakdowns.get(Dimension.USER).get(record.user()).add(record);
		if (record.session() != null) {
			this.breakdowns.get(Dimension.SESSION).get(record.session()).add(record);
		}
		this.breakdowns.get(Dimension.OPERATION).get(record.operation().value()).add(record);
	}

	/** When aggregation started. */
	public Instant since() {
		return this.since;
	}

	/** Values dropped from a breakdown since start. */
	public long evicted(Dimension dimension) {
		return this.breakdowns.get(dimension).evicted();
	}

	/** Everything added so far. */
	public SpendSummary summary() {
		Map<String, Long> outcomeCounts = new LinkedHashMap<>();
		for (CallOutcome outcome : CallOutcome.values()) {
			outcomeCounts.put(outcome.tagValue(), this.outcomes[outcome.ordinal()].sum());
		}
		Map<Dimension, Map<String, Spend>> spend = new EnumMap<>(Dimension.class);
		Map<Dimension, Long> evicted = new EnumMap<>(Dimension.class);
		for (Dimension dimension : Dimension.values()) {
			spend.put(dimension, breakdown(dimension));
			evicted.put(dimension, evicted(dimension));
		}
		return new SpendSummary(this.totals.snapshot(), Collections.unmodifiableMap(outcomeCounts),
				Collections.unmodifiableMap(spend), Collections.unmodifiableMap(evicted));
	}

	/** One breakdown, highest cost first. */
	public Map<String, Spend> breakdown(Dimension dimension) {
		List<Map.Entry<String, Spend>> entries = new ArrayList<>();
		for (Map.Entry<String, Tally> entry : this.breakdowns.get(dimension).entries().entrySet()) {
			entries.add(Map.entry(entry.getKey(), entry.getValue().snapshot()));
		}
		entries.sort(BY_COST_DESCENDING);
		Map<String, Spend> ordered = new LinkedHashMap<>();
		for (Map.Entry<String, Spend> entry : entries) {
			ordered.put(entry.getKey(), entry.getValue());
		}
		return Collections.unmodifiableMap(ordered);
	}

	/** The model each answering model was requested as (model-scoped budgets key on it), where known. */
	public Map<String, String> requestedModels() {
		Map<String, String> requested = new LinkedHashMap<>();
		this.breakdowns.get(Dimension.MODEL).entries().forEach((model, tally) -> {
			if (tally.requestedModel != null) {
				requested.put(model, tally.requestedModel);
			}
		});
		return requested;
	}

}
