package io.tokenmeter.core.call;

import java.util.Optional;
import java.time.Duration;
import java.math.BigDecimal;
import java.time.Instant;

import io.tokenmeter.core.attribution.CallAttribution;
import io.tokenmeter.core.usage.TokenUsage;
import org.jspecify.annotations.Nullable;

/**
 * The record of one metered model call (one round trip: a tool-calling conversation is several). Built from
 * named parts with {@link #builder()}; {@link #toBuilder()} derives a changed copy.
 *
 * @param timestamp when the call started (wall clock)
 * @param durationNanos how long it took, from a monotonic clock
 * @param timeToFirstTokenNanos for streams, time to the first chunk; {@link #NO_TIME_TO_FIRST_TOKEN} for calls and
 * streams with no chunk (see {@link #hasTimeToFirstToken()})
 * @param stream whether the call was streamed
 * @param operation chat or embeddings
 * @param provider the provider ({@code openai}, {@code anthropic}, ...) or {@code unknown}
 * @param requestedModel the model the request named, or null when it named none
 * @param model the model that answered (the response's, else the requested one), or {@code unknown}
 * @param attribution agent, user and session
 * @param outcome how the call ended
 * @param errorType simple class name of the exception for errors, else null
 * @param usage what it consumed ({@link TokenUsage#reported()} false when the provider reported nothing)
 * @param usageEstimated true when the provider reported no usage and {@code usage} was estimated with the
 * tokenizer from the prompt and the streamed text (a stream that was cancelled or cut)
 * @param cost the cost in USD, exact; null when the call is unpriced (no price for the model or no usage)
 * @param serviceTier the service tier the call was priced at, or null for standard
 * @param finishReason the provider's finish reason, or null
 * @param responsePreview the first characters of the response text when {@code tokenmeter.ledger.preview-chars}
 * asks for them, else null
 *
 * @since 0.1.0
 */
public record LlmCall(Instant timestamp, long durationNanos, long timeToFirstTokenNanos, boolean stream,
		Operation operation, String provider, @Nullable String requestedModel, String model, CallAttribution attribution,
		CallOutcome outcome, @Nullable String errorType, TokenUsage usage, boolean usageEstimated, @Nullable BigDecimal cost,
		@Nullable String serviceTier, @Nullable String finishReason, @Nullable String responsePreview) {

	/** The model id of calls that named none and whose response named none. */
	public static final String UNKNOWN_MODEL = "unknown";

	/** {@link #timeToFirstTokenNanos()} of a call that had no first chunk: a plain call, or a stream without one. */
	public static final long NO_TIME_TO_FIRST_TOKEN = -1;

	/**
	 * Whether the call has a time to first token (a long with an explicit "none", so a call record stays free of
	 * an extra object per call).
	 * @return true for a stream that delivered a chunk
	 */
	public boolean hasTimeToFirstToken() {
		return this.timeToFirstTokenNanos != NO_TIME_TO_FIRST_TOKEN;
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

	private static final CallAttribution UNATTRIBUTED = new CallAttribution("unknown", "unknown", null);

	public static Builder builder() {
		return new Builder();
	}

	/** A builder holding this call's values, to derive a changed copy. */
	public Builder toBuilder() {
		return new Builder().timestamp(this.timestamp)
			.durationNanos(this.durationNanos)
			.timeToFirstTokenNanos(this.timeToFirstTokenNanos)
			.stream(this.stream)
			.operation(this.operation)
			.provider(this.provider)
			.requestedModel(this.requestedModel)
			.model(this.model)
			.attribution(this.attribution)
			.outcome(this.outcome)
			.errorType(this.errorType)
			.usage(this.usage)
			.usageEstimated(this.usageEstimated)
			.cost(this.cost)
			.serviceTier(this.serviceTier)
			.finishReason(this.finishReason)
			.responsePreview(this.responsePreview);
	}

	/** This call with its cost. */
	public LlmCall withCost(BigDecimal cost) {
		return new LlmCall(this.timestamp, this.durationNanos, this.timeToFirstTokenNanos, this.stream, this.operation,
				this.provider, this.requestedModel, this.model, this.attribution, this.outcome, this.errorType,
				this.usage, this.usageEstimated, cost, this.serviceTier, this.finishReason, this.responsePreview);
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

	/**
	 * Named parts of a call. Defaults: now, a chat call that is not streamed, no time to first token, provider and
	 * model {@code unknown}, unattributed, successful, usage missing.
	 */
	public static final class Builder {

		private Instant timestamp = Instant.EPOCH;

		private long durationNanos;

		private long timeToFirstTokenNanos = NO_TIME_TO_FIRST_TOKEN;

		private boolean stream;

		private Operation operation = Operation.CHAT;

		private String provider = "unknown";

		private String requestedModel;

		private String model = UNKNOWN_MODEL;

		private CallAttribution attribution = UNATTRIBUTED;

		private CallOutcome outcome = CallOutcome.SUCCESS;

		private String errorType;

		private TokenUsage usage = TokenUsage.MISSING;

		private boolean usageEstimated;

		private BigDecimal cost;

		private String serviceTier;

		private String finishReason;

		private String responsePreview;

		private Builder() {
		}

		public Builder timestamp(Instant timestamp) {
			this.timestamp = timestamp;
			return this;
		}

		public Builder durationNanos(long durationNanos) {
			this.durationNanos = durationNanos;
			return this;
		}

		public Builder timeToFirstTokenNanos(long timeToFirstTokenNanos) {
			this.timeToFirstTokenNanos = timeToFirstTokenNanos;
			return this;
		}

		public Builder stream(boolean stream) {
			this.stream = stream;
			return this;
		}

		public Builder operation(Operation operation) {
			this.operation = operation;
			return this;
		}

		public Builder provider(String provider) {
			this.provider = provider;
			return this;
		}

		public Builder requestedModel(String requestedModel) {
			this.requestedModel = requestedModel;
			return this;
		}

		public Builder model(String model) {
			this.model = model;
			return this;
		}

		public Builder attribution(CallAttribution attribution) {
			this.attribution = attribution;
			return this;
		}

		public Builder outcome(CallOutcome outcome) {
			this.outcome = outcome;
			return this;
		}

		public Builder errorType(String errorType) {
			this.errorType = errorType;
			return this;
		}

		public Builder usage(TokenUsage usage) {
			this.usage = usage;
			return this;
		}

		public Builder usageEstimated(boolean usageEstimated) {
			this.usageEstimated = usageEstimated;
			return this;
		}

		public Builder cost(BigDecimal cost) {
			this.cost = cost;
			return this;
		}

		public Builder serviceTier(String serviceTier) {
			this.serviceTier = serviceTier;
			return this;
		}

		public Builder finishReason(String finishReason) {
			this.finishReason = finishReason;
			return this;
		}

		public Builder responsePreview(String responsePreview) {
			this.responsePreview = responsePreview;
			return this;
		}

		public LlmCall build() {
			return new LlmCall(this.timestamp, this.durationNanos, this.timeToFirstTokenNanos, this.stream,
					this.operation, this.provider, this.requestedModel, this.model, this.attribution, this.outcome,
					this.errorType, this.usage, this.usageEstimated, this.cost, this.serviceTier, this.finishReason,
					this.responsePreview);
		}

	}

}
