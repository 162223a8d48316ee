package io.tokenmeter.core.ledger;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Comparator;

import io.tokenmeter.core.call.LlmCall;
import io.tokenmeter.core.usage.TokenUsage;
import org.jspecify.annotations.Nullable;

/**
 * One of the most expensive calls of a report's period ({@code topCalls}): a model round trip, as recorded.
 *
 * @param timestamp when the call started
 * @param provider the provider
 * @param model the model that answered
 * @param agent the call's agent
 * @param user the call's user, exact
 * @param session the call's session, or null
 * @param outcome how the call ended ({@code success}, {@code truncated}, {@code cancelled}, ...)
 * @param tokens the call's tokens by bucket
 * @param cost the call's cost in USD, exact
 * @param usageEstimated true when tokenmeter estimated the call's usage (the provider reported none)
 * @since 0.2.0
 */
public record ExpensiveCall(Instant timestamp, String provider, String model, String agent, String user,
		@Nullable String session, String outcome, TokenCounts tokens, BigDecimal cost, boolean usageEstimated) {

	/**
	 * Highest cost first; among equal costs the earlier call first, then by user, agent, model and session, so
	 * every source (memory, JSONL, SQL: {@code ORDER BY cost DESC, timestamp, user, agent, model, session}) keeps
	 * and orders ties alike.
	 */
	public static final Comparator<ExpensiveCall> MOST_EXPENSIVE_FIRST = Comparator
		.comparing(ExpensiveCall::cost, Comparator.reverseOrder())
		.thenComparing(ExpensiveCall::timestamp)
		.thenComparing(ExpensiveCall::user, Comparator.nullsFirst(Comparator.naturalOrder()))
		.thenComparing(ExpensiveCall::agent, Comparator.nullsFirst(Comparator.naturalOrder()))
		.thenComparing(ExpensiveCall::model, Comparator.nullsFirst(Comparator.naturalOrder()))
		.thenComparing(ExpensiveCall::session, Comparator.nullsFirst(Comparator.naturalOrder()));

	/** The entry of a priced call. */
	public static ExpensiveCall of(LlmCall call) {
		TokenUsage usage = call.usage();
		return new ExpensiveCall(call.timestamp(), call.provider(), call.model(), call.attribution().agent(),
				call.attribution().user(), call.attribution().session(), call.outcome().tagValue(),
				new TokenCounts(usage.input(), usage.cacheRead(), usage.cacheWrite(), usage.output(),
						usage.reasoning()),
				call.cost(), call.usageEstimated());
	}

	/** The entry of a priced record. */
	public static ExpensiveCall of(LlmCallRecord record) {
		TokenUsage usage = record.usage();
		return new ExpensiveCall(record.timestamp(), record.provider(), record.model(), record.agent(), record.user(),
				record.session(), record.outcome().tagValue(), new TokenCounts(usage.input(), usage.cacheRead(),
						usage.cacheWrite(), usage.output(), usage.reasoning()),
				record.cost(), record.usageEstimated());
	}

}
