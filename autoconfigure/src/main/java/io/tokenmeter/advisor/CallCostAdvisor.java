package io.tokenmeter.advisor;

import java.util.Map;

import io.tokenmeter.TokenMeter;
import io.tokenmeter.core.call.CallCost;
import io.tokenmeter.core.call.CallCostTracker;
import io.tokenmeter.core.call.internal.MeteringFailures;
import io.tokenmeter.core.call.internal.MeteringStage;
import org.springframework.ai.chat.client.ChatClientRequest;
import org.springframework.ai.chat.client.ChatClientResponse;
import org.springframework.ai.chat.client.advisor.api.CallAdvisor;
import org.springframework.ai.chat.client.advisor.api.CallAdvisorChain;
import org.springframework.core.Ordered;

/**
 * Puts the {@link CallCost} of a whole {@code ChatClient} call on its response ({@link TokenMeter#CALL_COST}).
 * {@link TokenMeterAdvisor} sits inside Spring AI's tool-calling and validation-retry loops and meters each round
 * trip; this one sits outside them ({@link #DEFAULT_ORDER}), hands the call a {@link CallCostTracker} in the
 * request context (the caller's own, given as {@link TokenMeter#CALL_COST_TRACKER}, else a new one), and reads
 * the total when the loops are done. The context map travels from round to round (Spring AI copies it into each
 * round's request), so every round adds to the same tracker.
 *
 * <p>Calls only: a stream has no single response to put a total on, so for streams the caller passes a tracker
 * and reads it when the stream completes. A call that throws has no response either: the caller's tracker holds
 * what it spent. Nothing here changes the answer, and whatever fails in here is counted and logged.
 *
 * @since 0.2.0
 */
public final class CallCostAdvisor implements CallAdvisor {

	/** Outside tool calling ({@code HIGHEST_PRECEDENCE + 300}) and validation retries, inside nothing that loops. */
	public static final int DEFAULT_ORDER = Ordered.HIGHEST_PRECEDENCE + 100;

	/** The advisor's name in Spring AI's advisor chain and observations. */
	public static final String NAME = "TokenMeterCallCostAdvisor";

	private final MeteringFailures failures;

	public CallCostAdvisor(MeteringFailures failures) {
		this.failures = failures;
	}

	@Override
	public String getName() {
		return NAME;
	}

	@Override
	public int getOrder() {
		return DEFAULT_ORDER;
	}

	@Override
	public ChatClientResponse adviseCall(ChatClientRequest request, CallAdvisorChain chain) {
		CallCostTracker tracker = null;
		ChatClientRequest tracked = request;
		try {
			tracker = CallCostTracker.in(request.context());
			if (tracker == null) {
				tracker = new CallCostTracker();
				tracked = withTracker(request, tracker);
			}
		}
		catch (RuntimeException | LinkageError ex) {
			this.failures.failed(MeteringStage.ADVISOR, ex);
		}
		ChatClientResponse response = chain.nextCall(tracked);
		if (tracker == null || response == null) {
			return response;
		}
		try {
			return withCost(response, tracker.total());
		}
		catch (RuntimeException | LinkageError ex) {
			this.failures.failed(MeteringStage.ADVISOR, ex);
			return response;
		}
	}

	/** In place where the map allows it (Spring AI's own maps do, and its advisors write to them too). */
	private static ChatClientRequest withTracker(ChatClientRequest request, CallCostTracker tracker) {
		Map<String, Object> context = request.context();
		try {
			context.put(TokenMeter.CALL_COST_TRACKER, tracker);
			return request;
		}
		catch (UnsupportedOperationException immutable) {
			return request.mutate().context(TokenMeter.CALL_COST_TRACKER, tracker).build();
		}
	}

	private static ChatClientResponse withCost(ChatClientResponse response, CallCost cost) {
		try {
			response.context().put(TokenMeter.CALL_COST, cost);
			return response;
		}
		catch (UnsupportedOperationException immutable) {
			return response.mutate().context(TokenMeter.CALL_COST, cost).build();
		}
	}

}
