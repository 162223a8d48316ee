package io.tokenmeter.core.metrics.internal;

import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.tokenmeter.core.call.CallOutcome;
import io.tokenmeter.core.call.LlmCall;
import io.tokenmeter.core.call.LlmCallListener;
import io.tokenmeter.core.call.Operation;
import io.tokenmeter.core.call.internal.MeteringFailures;
import io.tokenmeter.core.call.internal.MeteringStage;
import io.tokenmeter.core.internal.ControlCharacters;
import io.tokenmeter.core.usage.TokenType;

/**
 * Publishes each call to Micrometer. Meters are resolved once per tag combination and their handles kept in a
 * map, so a call costs one map lookup and a few adder increments, not a registry lookup per meter. The
 * {@code user}, {@code agent} and {@code model} tags are capped (see {@link BoundedTagValues} and
 * {@link TagLimits}; the {@code user} tag can be left out entirely), each value folded into {@code other} counted in
 * {@value #FOLDED}; control characters in tag values are escaped (see {@link ControlCharacters}).
 */
public final class TokenMeterMetrics implements LlmCallListener {

	public static final String CALL_DURATION = "llm.call.duration";

	public static final String TOKENS = "llm.tokens";

	public static final String COST = "llm.cost";

	public static final String STREAM_TTFT = "llm.stream.ttft";

	public static final String UNPRICED_CALLS = "llm.calls.unpriced";

	public static final String MISSING_USAGE = "llm.usage.missing";

	public static final String ESTIMATED_USAGE = "llm.usage.estimated";

	public static final String ERRORS = "tokenmeter.errors";

	public static final String FOLDED = "tokenmeter.metrics.folded";

	private static final String NONE = "none";

	private static final TokenType[] TOKEN_TYPES = TokenType.values();

	private final MeterRegistry registry;

	private final BoundedTagValues users;

	private final BoundedTagValues agents;

	private final BoundedTagValues models;

	private final Counter foldedUsers;

	private final Counter foldedAgents;

	private final Counter foldedModels;

	private final boolean userTag;

	private final BoundedTagValues errorTypes = new BoundedTagValues(25);

	/** Meters by everything but the user, then by user: the per-call lookup builds no key object. */
	private final Map<GroupKey, MeterGroup> groups = new ConcurrentHashMap<>();

	/**
	 * The group of the last call: consecutive calls nearly always share model, provider, agent and outcome, so
	 * the usual lookup is a few reference comparisons and one map read by user.
	 */
	private volatile MeterGroup lastGroup;

	/**
	 * @param registry where meters go
	 * @param userTag whether meters carry a {@code user} tag at all
	 * @param maxUserTags distinct user values kept before folding into {@code other}
	 * @param failures counts published as {@code tokenmeter.errors}
	 */
	public TokenMeterMetrics(MeterRegistry registry, boolean userTag, int maxUserTags, MeteringFailures failures) {
		this(registry, new TagLimits(userTag, maxUserTags, TagLimits.DEFAULT_MAX_AGENTS, TagLimits.DEFAULT_MAX_MODELS),
				failures);
	}

	/**
	 * @param registry where meters go
	 * @param limits whether there is a {@code user} tag, and how many distinct user, agent and model values are kept
	 * @param failures counts published as {@code tokenmeter.errors}
	 */
	public TokenMeterMetrics(MeterRegistry registry, TagLimits limits, MeteringFailures failures) {
		this.registry = registry;
		this.userTag = limits.userTag();
		this.users = new BoundedTagValues(limits.maxUsers());
		this.agents = new BoundedTagValues(limits.maxAgents());
		this.models = new BoundedTagValues(limits.maxModels());
		this.foldedUsers = foldedCounter("user");
		this.foldedAgents = foldedCounter("agent");
		this.foldedModels = foldedCounter("model");
		for (MeteringStage stage : MeteringStage.values()) {
			FunctionCounter.builder(ERRORS, failures, f -> f.count(stage))
				.description("Failures inside tokenmeter (the model call was not affected)")
				.tag("stage", stage.tagValue())
				.register(registry);
		}
	}

	private Counter foldedCounter(String tag) {
		return Counter.builder(FOLDED)
			.description("Calls whose tag value was folded into \"other\" because the tag's limit of distinct values "
					+ "was reached")
			.tag("tag", tag)
			.register(this.registry);
	}

	@Override
	public void onCall(LlmCall call) {
		String user = this.userTag ? bounded(this.users, call.attribution().user(), this.foldedUsers) : null;
		String agent = bounded(this.agents, call.attribution().agent(), this.foldedAgents);
		String model = bounded(this.models, call.model(), this.foldedModels);
		String errorType = call.errorType() == null ? NONE : this.errorTypes.valueOf(call.errorType());
		CallMeters callMeters = group(call.operation(), model, call.provider(), agent, call.outcome(), errorType)
			.meters(user);
		callMeters.duration.record(call.durationNanos(), TimeUnit.NANOSECONDS);
		if (call.stream() && call.hasTimeToFirstToken()) {
			callMeters.timeToFirstToken().record(call.timeToFirstTokenNanos(), TimeUnit.NANOSECONDS);
		}
		if (!call.usage().reported()) {
			if (call.usageMissing()) {
				callMeters.missingUsage.increment();
			}
			return;
		}
		for (TokenType type : TOKEN_TYPES) {
			long count = call.usage().get(type);
			if (count > 0) {
				callMeters.tokens[type.ordinal()].increment(count);
			}
		}
		if (call.cost() != null) {
			callMeters.cost.increment(call.cost().doubleValue());
		}
		else {
			callMeters.unpriced.increment();
		}
		if (call.usageEstimated()) {
			callMeters.estimatedUsage().increment();
		}
	}

	/** The value, or {@code other} (counted) once the tag has its limit of distinct values. */
	private static String bounded(BoundedTagValues values, String value, Counter folded) {
		String bounded = values.valueOf(value);
		if (bounded != value) {
			folded.increment();
		}
		return bounded;
	}

	private MeterGroup group(Operation operation, String model, String provider, String agent, CallOutcome outcome,
			String errorType) {
		MeterGroup group = this.lastGroup;
		if (group != null && group.key.matches(operation, model, provider, agent, outcome, errorType)) {
			return group;
		}
		GroupKey key = new GroupKey(operation, model, provider, agent, outcome, errorType);
		group = this.groups.get(key);
		if (group == null) {
			group = this.groups.computeIfAbsent(key, MeterGroup::new);
		}
		this.lastGroup = group;
		return group;
	}

	// Control characters are escaped here, once per tag combination, not on every call.
	private CallMeters register(GroupKey key, String user) {
		String model = ControlCharacters.escape(key.model);
		String provider = ControlCharacters.escape(key.provider);
		Tags base = Tags.of("operation", key.operation.value(), "model", model, "provider", provider, "agent",
				ControlCharacters.escape(key.agent));
		if (user != null) {
			base = base.and("user", ControlCharacters.escape(user));
		}
		Tags withOutcome = base.and("outcome", key.outcome.tagValue());
		Timer duration = Timer.builder(CALL_DURATION)
			.description("Duration of one model call (one round trip), by outcome")
			.tags(withOutcome.and("error", ControlCharacters.escape(key.errorType)))
			.register(this.registry);
		Counter[] tokens = new Counter[TOKEN_TYPES.length];
		for (TokenType type : TOKEN_TYPES) {
			tokens[type.ordinal()] = Counter.builder(TOKENS)
				.description("Tokens by type; reasoning is a subset of output")
				.baseUnit("tokens")
				.tags(withOutcome.and("type", type.tagValue()))
				.register(this.registry);
		}
		Counter cost = Counter.builder(COST)
			.description("Cost of model calls in USD, from the configured rate table")
			.baseUnit("usd")
			.tags(base)
			.register(this.registry);
		Tags ttftTags = base;
		Tags modelTags = Tags.of("model", model, "provider", provider);
		Counter unpriced = Counter.builder(UNPRICED_CALLS)
			.description("Calls with usage but no price for their model")
			.tags(modelTags)
			.register(this.registry);
		Counter missingUsage = Counter.builder(MISSING_USAGE)
			.description("Calls (mostly streams) that ended without any usage reported by the provider")
			.tags(modelTags)
			.register(this.registry);
		return new CallMeters(duration, tokens, cost, ttftTags, modelTags, unpriced, missingUsage);
	}

	private record GroupKey(Operation operation, String model, String provider, String agent, CallOutcome outcome,
			String errorType) {

		boolean matches(Operation operation, String model, String provider, String agent, CallOutcome outcome,
				String errorType) {
			return this.operation == operation && this.outcome == outcome && this.model.equals(model)
					&& Objects.equals(this.provider, provider) && this.agent.equals(agent)
					&& this.errorType.equals(errorType);
		}

	}

	/** The meters of one group, by user (or the one set of meters when there is no user tag). */
	private final class MeterGroup {

		final GroupKey key;

		private final Map<String, CallMeters> byUser = new ConcurrentHashMap<>();

		private volatile CallMeters withoutUser;

		MeterGroup(GroupKey key) {
			this.key = key;
		}

		CallMeters meters(String user) {
			if (user == null) {
				CallMeters meters = this.withoutUser;
				if (meters == null) {
					// Registering twice is harmless: the registry returns the same meters for the same ids.
					meters = register(this.key, null);
					this.withoutUser = meters;
				}
				return meters;
			}
			CallMeters meters = this.byUser.get(user);
			return meters != null ? meters : this.byUser.computeIfAbsent(user, any -> register(this.key, user));
		}

	}

	/**
	 * The meters of one tag combination; {@code tokens} is indexed by {@link TokenType#ordinal()}. The TTFT timer is registered on the first stream only, so series that
	 * only ever saw plain calls carry no empty TTFT series (cardinality).
	 */
	private final class CallMeters {

		final Timer duration;

		final Counter[] tokens;

		final Counter cost;

		final Counter unpriced;

		final Counter missingUsage;

		private final Tags ttftTags;

		private final Tags modelTags;

		private volatile Timer timeToFirstToken;

		private volatile Counter estimatedUsage;

		CallMeters(Timer duration, Counter[] tokens, Counter cost, Tags ttftTags, Tags modelTags, Counter unpriced,
				Counter missingUsage) {
			this.duration = duration;
			this.tokens = tokens;
			this.cost = cost;
			this.ttftTags = ttftTags;
			this.modelTags = modelTags;
			this.unpriced = unpriced;
			this.missingUsage = missingUsage;
		}

		Timer timeToFirstToken() {
			Timer timer = this.timeToFirstToken;
			if (timer == null) {
				// Registering twice is harmless: the registry returns the same timer for the same id.
				timer = Timer.builder(STREAM_TTFT)
					.description("Time from the start of a streamed call to its first chunk")
					.tags(this.ttftTags)
					.register(TokenMeterMetrics.this.registry);
				this.timeToFirstToken = timer;
			}
			return timer;
		}

		/** Registered on a model's first estimated call only, so normal calls carry no extra series. */
		Counter estimatedUsage() {
			Counter counter = this.estimatedUsage;
			if (counter == null) {
				counter = Counter.builder(ESTIMATED_USAGE)
					.description("Calls (streams cancelled or cut) whose usage the provider did not report and "
							+ "tokenmeter estimated with the tokenizer; their tokens and cost are in llm.tokens and llm.cost")
					.tags(this.modelTags)
					.register(TokenMeterMetrics.this.registry);
				this.estimatedUsage = counter;
			}
			return counter;
		}

	}

}
