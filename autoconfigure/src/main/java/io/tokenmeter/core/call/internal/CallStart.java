package io.tokenmeter.core.call.internal;

import java.util.List;
import java.util.function.Supplier;

import io.tokenmeter.core.attribution.CallAttribution;
import io.tokenmeter.core.call.CallCostTracker;
import io.tokenmeter.core.call.Operation;
import org.jspecify.annotations.Nullable;

/**
 * What is known about a call before the model answers, from whichever entry point saw it: built from named
 * parts with {@link #builder()}.
 *
 * @param operation chat or embeddings
 * @param stream whether the call streams
 * @param provider the provider the request is for, or {@code unknown}
 * @param requestedModel the model the request named (or the chat model's default), or null
 * @param attribution agent, user and session, resolved on the calling thread
 * @param serviceTier the service tier the call asked for, or null
 * @param promptText the text of the prompt's messages, read only when a stream without usage must be
 * estimated (never for a call that reports its usage)
 * @param costTracker where the caller asked for the call's cost to be added up, or null (most calls)
 */
public record CallStart(Operation operation, boolean stream, String provider, @Nullable String requestedModel,
		CallAttribution attribution, @Nullable String serviceTier, Supplier<List<String>> promptText,
		@Nullable CallCostTracker costTracker) {

	/** For a call whose prompt text is never needed (a call, not a stream, reports or lacks its usage whole). */
	public static final Supplier<List<String>> NO_TEXT = List::of;

	public static Builder builder() {
		return new Builder();
	}

	/** Named parts of a call's start; defaults: a chat call, not streamed, provider {@code unknown}, no text. */
	public static final class Builder {

		private Operation operation = Operation.CHAT;

		private boolean stream;

		private String provider = "unknown";

		private String requestedModel;

		private CallAttribution attribution = CallAttribution.NONE;

		private String serviceTier;

		private Supplier<List<String>> promptText = NO_TEXT;

		private @Nullable CallCostTracker costTracker;

		private Builder() {
		}

		public Builder operation(Operation operation) {
			this.operation = operation;
			return this;
		}

		public Builder stream(boolean stream) {
			this.stream = stream;
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

		public Builder attribution(CallAttribution attribution) {
			this.attribution = attribution;
			return this;
		}

		public Builder serviceTier(String serviceTier) {
			this.serviceTier = serviceTier;
			return this;
		}

		public Builder promptText(Supplier<List<String>> promptText) {
			this.promptText = promptText;
			return this;
		}

		public Builder costTracker(@Nullable CallCostTracker costTracker) {
			this.costTracker = costTracker;
			return this;
		}

		public CallStart build() {
			return new CallStart(this.operation, this.stream, this.provider, this.requestedModel, this.attribution,
					this.serviceTier, this.promptText, this.costTracker);
		}

	}

}
