package io.tokenmeter.core.call;

import java.math.BigDecimal;
import java.time.Instant;

import io.tokenmeter.core.attribution.CallAttribution;
import io.tokenmeter.core.usage.TokenUsage;

/**
 * The record of one metered model call (one round trip: a tool-calling conversation is several).
 *
 * @param timestamp when the call started (wall clock)
 * @param durationNanos how long it took, from a monotonic clock
 * @param timeToFirstTokenNanos for streams, time to the first chunk; -1 for calls and streams with no chunk
 * @param stream whether the call was streamed
 * @param provider the provider ({@code openai}, {@code anthropic}, ...) or {@code unknown}
 * @param requestedModel the model the request named, or null when it named none
 * @param model the model that answered (the response's, else the requested one), or {@code unknown}
 * @param attribution agent, user and session
 * @param outcome how the call ended
 * @param errorType simple class name of the exception for errors, else null
 * @param usage what it consumed ({@link TokenUsage#reported()} false when the provider reported nothing)
 * @param cost the cost in USD, exact; null when the call is unpriced (no price for the model or no usage)
 * @param serviceTier the service tier the call was priced at, or null for standard
 * @param finishReason the provider's finish reason, or null
 * @param responsePreview the first characters of the response text when {@code tokenmeter.ledger.preview-chars}
 * asks for them, else null
 */
public record LlmCall(Instant timestamp, long durationNanos, long timeToFirstTokenNanos, boolean stream, String provider,
		String requestedModel, String model, CallAttribution attribution, CallOutcome outcome, String errorType,
		TokenUsage usage, BigDecimal cost, String serviceTier, String finishReason, String responsePreview) {

	/** A call without a response preview. */
	public LlmCall(Instant timestamp, long durationNanos, long timeToFirstTokenNanos, boolean stream, String provider,
			String requestedModel, String model, CallAttribution attribution, CallOutcome outcome, String errorType,
			TokenUsage usage, BigDecimal cost, String serviceTier, String finishReason) {
		this(timestamp, durationNanos, timeToFirstTokenNanos, stream, provider, requestedModel, model, attribution,
				outcome, errorType, usage, cost, serviceTier, finishReason, null);
	}

	/**
	 * True when the model answered (or a stream ended) without any usage report: such a call is counted as
	 * {@code llm.usage.missing}, never priced as zero. Failed and refused calls have no usage to miss.
	 */
	public boolean usageMissing() {
		return !this.usage.reported() && this.outcome != CallOutcome.ERROR && this.outcome != CallOutcome.BLOCKED;
	}

	/** True when a cost was computed for the call. */
	public boolean priced() {
		return this.cost != null;
	}

}
