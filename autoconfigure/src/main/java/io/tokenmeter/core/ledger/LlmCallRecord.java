package io.tokenmeter.core.ledger;

import java.util.Optional;
import java.time.Duration;
import java.math.BigDecimal;
import java.time.Instant;

import io.tokenmeter.core.call.CallOutcome;
import io.tokenmeter.core.call.LlmCall;
import io.tokenmeter.core.call.Operation;
import io.tokenmeter.core.usage.TokenUsage;
import org.jspecify.annotations.Nullable;

/**
 * The exact, immutable record of one metered model call: what the JSONL ledger writes as one line, what
 * {@link LlmCallRecordedEvent} carries, and what the spend report adds up. Unlike metrics, nothing here is folded
 * or rounded: the user and session are kept as given and the cost is the exact {@link BigDecimal}.
 *
 * @param timestamp when the call started
 * @param durationNanos how long it took
 * @param timeToFirstTokenNanos for streams, time to the first chunk; {@link LlmCall#NO_TIME_TO_FIRST_TOKEN} when
 * there is none (see {@link #hasTimeToFirstToken()})
 * @param stream whether the call was streamed
 * @param provider the provider ({@code openai}, {@code anthropic}, ...) or {@code unknown}
 * @param requestedModel the model the request named, or null
 * @param model the model that answered (else the requested one), or {@code unknown}
 * @param agent the agent, feature or bot that made the call
 * @param user the end user the call was made for, exact
 * @param session the session or conversation id, or null
 * @param outcome how the call ended
 * @param errorType simple class name of the exception for errors and blocked calls, else null
 * @param usage the tokens by bucket ({@link TokenUsage#reported()} false when the provider reported none)
 * @param cost the cost in USD, exact; null when the call is unpriced
 * @param serviceTier the service tier the call was priced at, or null for standard
 * @param finishReason the provider's finish reason, or null
 * @param responsePreview the first {@code tokenmeter.ledger.preview-chars} characters of the response, or null
 * (the default: responses may hold personal data)
 * @param operation chat or embeddings
 * @param usageEstimated true when the provider reported no usage and {@code usage} is tokenmeter's estimate
 * @since 0.1.0
 */
public record LlmCallRecord(Instant timestamp, long durationNanos, long timeToFirstTokenNanos, boolean stream,
		String provider, @Nullable String requestedModel, String model, String agent, String user, @Nullable String session,
		CallOutcome outcome, @Nullable String errorType, TokenUsage usage, @Nullable BigDecimal cost, @Nullable String serviceTier,
		@Nullable String finishReason, @Nullable String responsePreview, Operation operation, boolean usageEstimated) {

	/** @return true when the call has a time to first token (a stream that delivered a chunk) */
	public boolean hasTimeToFirstToken() {
		return this.timeToFirstTokenNanos != LlmCall.NO_TIME_TO_FIRST_TOKEN;
	}

	/**
	 * The time to the first chunk as an absent-or-present value, for readers who would rather not test the
	 * {@code long} component against its "none" value.
	 * @return the time to first token, or empty for a plain call or a stream without a chunk
	 * @since 0.2.0
	 */
	public Optional<Duration> timeToFirstToken() {
		return hasTimeToFirstToken() ? Optional.of(Duration.ofNanos(this.timeToFirstTokenNanos)) : Optional.empty();
	}

	/** A chat call's record with usage as reported. */
	public LlmCallRecord(Instant timestamp, long durationNanos, long timeToFirstTokenNanos, boolean stream,
			String provider, String requestedModel, String model, String agent, String user, String session,
			CallOutcome outcome, String errorType, TokenUsage usage, BigDecimal cost, String serviceTier,
			String finishReason, String responsePreview) {
		this(timestamp, durationNanos, timeToFirstTokenNanos, stream, provider, requestedModel, model, agent, user,
				session, outcome, errorType, usage, cost, serviceTier, finishReason, responsePreview, Operation.CHAT,
				false);
	}

	/** The record of a recorded (priced, when it could be) call. */
	public static LlmCallRecord of(LlmCall call) {
		return new LlmCallRecord(call.timestamp(), call.durationNanos(), call.timeToFirstTokenNanos(), call.stream(),
				call.provider(), call.requestedModel(), call.model(), call.attribution().agent(),
				call.attribution().user(), call.attribution().session(), call.outcome(), call.errorType(),
				call.usage(), call.cost(), call.serviceTier(), call.finishReason(), call.responsePreview(),
				call.operation(), call.usageEstimated());
	}

	/** True when a cost was computed for the call. */
	public boolean priced() {
		return this.cost != null;
	}

	/** True when the provider reported usage but the model has no price. */
	public boolean unpriced() {
		return this.cost == null && this.usage.reported();
	}

}
