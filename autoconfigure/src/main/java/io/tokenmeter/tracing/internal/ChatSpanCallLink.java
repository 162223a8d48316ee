package io.tokenmeter.tracing.internal;

import java.util.function.Supplier;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.tokenmeter.core.call.internal.MeteringStage;
import io.tokenmeter.core.lifecycle.CallLifecycle;
import io.tokenmeter.core.lifecycle.MeteredCall;
import org.springframework.ai.chat.observation.ChatModelObservationContext;
import org.springframework.util.function.SingletonSupplier;

/**
 * Links Spring AI's chat-model observation to the call the {@code TokenMeterAdvisor} is metering around it, so
 * that {@link ChatSpanCostFilter} can put that call on the model's span when the observation stops. The model's
 * observation starts on the advisor's thread, inside its metering scope (for streams: on subscription, which the
 * advisor makes inside the scope), while it may stop elsewhere (a stream's last signal): hence a link at start.
 * Calls of the model-level path need no link: that path keeps its call in the context itself.
 */
public final class ChatSpanCallLink implements ObservationHandler<ChatModelObservationContext> {

	/** The context key of the advisor's call. */
	static final String ADVISOR_CALL = ChatSpanCallLink.class.getName();

	private final Supplier<CallLifecycle> lifecycle;

	/** @param lifecycle the call lifecycle, resolved on the first call and kept */
	public ChatSpanCallLink(Supplier<CallLifecycle> lifecycle) {
		this.lifecycle = SingletonSupplier.of(lifecycle);
	}

	@Override
	public boolean supportsContext(Observation.Context context) {
		return context instanceof ChatModelObservationContext;
	}

	@Override
	public void onStart(ChatModelObservationContext context) {
		try {
			MeteredCall call = this.lifecycle.get().scope().current();
			if (call != null) {
				context.put(ADVISOR_CALL, call);
			}
		}
		catch (RuntimeException | LinkageError ex) {
			this.lifecycle.get().failures().failed(MeteringStage.TRACING, ex);
		}
	}

}
