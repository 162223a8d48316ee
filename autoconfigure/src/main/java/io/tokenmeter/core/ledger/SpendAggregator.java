package io.tokenmeter.core.ledger;

import io.tokenmeter.core.ledger.internal.TopCalls;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

import io.tokenmeter.core.internal.PicoDollars;
import io.tokenmeter.core.attribution.CallAttribution;
import io.tokenmeter.core.call.CallOutcome;
import io.tokenmeter.core.call.LlmCall;
import io.tokenmeter.core.call.Operation;
import io.tokenmeter.core.usage.TokenUsage;

/**
 * Adds up every call in memory, by model, agent, user and session, for the spend report. Exact: users and sessions
 * are never folded, costs are summed as {@link java.math.BigDecimal}. Bounded: each breakdown keeps at most its
 * cap of distinct values (users and sessions configurable, models and agents {@value #MAX_MODELS_AND_AGENTS}),
 * evicting the least recently used and counting it; totals keep every call. On the calling thread, a call costs one
 * short per-thread-striped lock per tally and allocates nothing (see {@link Tally}). Also keeps the most expensive
 * calls ({@link TopCalls}): a call cheaper than the cheapest kept costs one comparison, no lock.
 */
public final class SpendAggregator implements CallSink {

	/** Distinct models and distinct agents kept: both are bounded sets in practice, this guards hostile ids. */
	public static final int MAX_MODELS_AND_AGENTS = 1000;

	/** The most expensive calls kept unless told otherwise ({@code tokenmeter.ledger.top-calls}). */
	public static final int DEFAULT_TOP_CALLS = 10;

	private static final Comparator<Map.Entry<String, Spend>> BY_COST_DESCENDING = Comparator
		.comparing((Map.Entry<String, Spend> entry) -> entry.getValue().cost())
		.reversed()
		.thenComparing(Map.Entry::getKey);

	private final Instant since;

	private final Tally totals = new Tally();

	private final LongAdder[] outcomes = new LongAdder[CallOutcome.values().length];

	private final Map<Dimension, BoundedTallies> breakdowns = new EnumMap<>(Dimension.class);

	// The breakdowns again as fields: the per-call path reads them without a map lookup.
	private final BoundedTallies models;

	private final BoundedTallies agents;

	private final BoundedTallies users;

	private final BoundedTallies sessions;

	private final BoundedTallies operations;

	private final TopCalls topCalls;

	/** An aggregator keeping the {@value #DEFAULT_TOP_CALLS} most expensive calls. */
	public SpendAggregator(Instant since, int maxUsers, int maxSessions) {
		this(since, maxUsers, maxSessions, DEFAULT_TOP_CALLS);
	}

	/**
	 * @param since when aggregation started (shown in the report)
	 * @param maxUsers distinct users kept in the user breakdown
	 * @param maxSessions distinct sessions kept in the session breakdown
	 * @param topCalls how many of the most expensive calls to keep
	 */
	public SpendAggregator(Instant since, int maxUsers, int maxSessions, int topCalls) {
		this.since = since;
		this.topCalls = new TopCalls(topCalls);
		for (int i = 0; i < this.outcomes.length; i++) {
			this.outcomes[i] = new LongAdder();
		}
		this.models = new BoundedTallies(MAX_MODELS_AND_AGENTS);
		this.agents = new BoundedTallies(MAX_MODELS_AND_AGENTS);
		this.users = new BoundedTallies(maxUsers);
		this.sessions = new BoundedTallies(maxSessions);
		this.operations = new BoundedTallies(Operation.values().length);
		this.breakdowns.put(Dimension.MODEL, this.models);
		this.breakdowns.put(Dimension.AGENT, this.agents);
		this.breakdowns.put(Dimension.USER, this.users);
		this.breakdowns.put(Dimension.SESSION, this.sessions);
		this.breakdowns.put(Dimension.OPERATION, this.operations);
	}

	@Override
	public void accept(LlmCallRecordedEvent event) {
		add(event.record());
	}

	/** Adds a recorded call as it is, without building its {@link LlmCallRecord} (the hot path). */
	@Override
	public void accept(LlmCall call) {
		CallAttribution attribution = call.attribution();
		add(call.outcome(), call.model(), call.requestedModel(), attribution.agent(), attribution.user(),
				attribution.session(), call.operation(), call.usage(), call.cost());
		this.topCalls.offer(call);
	}

	public void add(LlmCallRecord record) {
		add(record.outcome(), record.model(), record.requestedModel(), record.agent(), record.user(),
				record.session(), record.operation(), record.usage(), record.cost());
		this.topCalls.offer(record);
	}

	private void add(CallOutcome outcome, String modelId, String requested, String agent, String user, String session,
			Operation operation, TokenUsage usage, BigDecimal cost) {
		// The cost as pico-dollars once for all five tallies (PicoDollars.NOT_EXACT: they add the BigDecimal).
		long units = cost == null ? 0 : PicoDollars.of(cost);
		this.totals.add(usage, cost, units);
		this.outcomes[outcome.ordinal()].increment();
		Tally model = this.models.get(modelId);
		model.add(usage, cost, units);
		if (requested != null && !requested.equals(model.requestedModel)) {
			model.requestedModel = requested;
		}
		this.agents.get(agent).add(usage, cost, units);
		this.users.get(user).add(usage, cost, units);
		if (session != null) {
			this.sessions.get(session).add(usage, cost, units);
		}
		this.operations.get(operation.value()).add(usage, cost, units);
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
				Collections.unmodifiableMap(spend), Collections.unmodifiableMap(evicted), this.topCalls.snapshot());
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
