package io.tokenmeter.advisor.internal;

import java.util.Map;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.tokenmeter.TokenMeter;
import io.tokenmeter.advisor.CallCostAdvisor;
import io.tokenmeter.advisor.TokenMeterAdvisor;
import io.tokenmeter.core.call.CallCost;
import io.tokenmeter.core.call.CallCostTracker;
import io.tokenmeter.core.call.internal.MeteringFailures;
import io.tokenmeter.core.call.internal.MeteringStage;
import org.springframework.ai.chat.client.ChatClientResponse;
import org.springframework.ai.chat.client.observation.ChatClientObservationContext;

/**
 * Puts the {@link CallCost} of a whole {@code ChatClient} call on its response ({@link TokenMeter#CALL_COST}), as
 * {@link CallCostAdvisor} does, but riding on the observation every {@code ChatClient} call already makes
 * ({@code spring.ai.chat.client}) instead of one more advisor: Spring AI charges each advisor of a chain about a
 * microsecond and a kilobyte per call (its chain step and advisor observation context), which was more than the
 * rest of tokenmeter's work. That observation wraps the whole advisor chain, tool-calling and validation loops
 * included, so: when it starts, the call's request context gets a {@link CallCostTracker} (the caller's own, given
 * as {@link TokenMeter#CALL_COST_TRACKER}, is kept), which every round's request inherits and
 * {@link TokenMeterAdvisor} adds each metered round to; when it stops, the total goes on the response.
 *
 * <p>Calls only, like the advisor: a stream has no single response to put a total on. It needs the observation to
 * run: an application without an {@code ObservationRegistry}, or with the {@code spring.ai.chat.client}
 * observation disabled, gets {@link CallCostAdvisor} in its {@code ChatClient}s instead. Nothing here changes the
 * answer, and whatever fails in here is counted and logged.
 */
public final class CallCostObservationHandler implements ObservationHandler<ChatClientObservationContext> {

	private final MeteringFailures failures;

	public CallCostObservationHandler(MeteringFailures failures) {
		this.failures = failures;
	}

	@Override
	public boolean supportsContext(Observation.Context context) {
		return context instanceof ChatClientObservationContext chatClient && !chatClient.isStream();
	}

	@Override
	public void onStart(ChatClientObservationContext context) {
		try {
			Map<String, Object> requestContext = context.getRequest().context();
			if (CallCostTracker.in(requestContext) == null) {
				requestContext.put(TokenMeter.CALL_COST_TRACKER, new CallCostTracker());
			}
		}
		catch (RuntimeException | LinkageError ex) {
			this.failures.failed(MeteringStage.ADVISOR, ex);
		}
	}

	@Override
	public void onStop(ChatClientObservationContext context) {
		try {
			ChatClientResponse response = context.getResponse();
			CallCostTracker tracker = CallCostTracker.in(context.getRequest().context());
			if (response != null && tracker != null) {
				// Spring AI builds every ChatClientResponse's context as a HashMap: the caller gets this very response.
				response.context().put(TokenMeter.CALL_COST, tracker.total());
			}
		}
		catch (RuntimeException | LinkageError ex) {
			this.failures.failed(MeteringStage.ADVISOR, ex);
		}
	}

}
