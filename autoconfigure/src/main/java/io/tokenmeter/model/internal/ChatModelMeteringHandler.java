package io.tokenmeter.model.internal;

import java.util.function.Supplier;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.tokenmeter.core.attribution.internal.AttributionResolver;
import io.tokenmeter.core.call.internal.CallStart;
import io.tokenmeter.core.call.internal.MeteringStage;
import io.tokenmeter.core.call.internal.OncePerKeyLog;
import io.tokenmeter.core.call.internal.PromptText;
import io.tokenmeter.core.lifecycle.CallLifecycle;
import io.tokenmeter.core.lifecycle.MeteredCall;
import org.apache.commons.logging.LogFactory;
import org.springframework.ai.chat.observation.ChatModelObservationContext;
import org.springframework.ai.chat.prompt.ChatOptions;
import org.springframework.ai.chat.prompt.Prompt;
import org.springframework.util.function.SingletonSupplier;

/**
 * Meters the calls on the application's {@code ChatModel} beans that no {@code TokenMeterAdvisor} meters: a
 * {@code ChatClient} built by hand ({@code ChatClient.builder(model)}, {@code ChatClient.create(model)}), and
 * {@code ChatModel.call} / {@code stream} directly. It listens to Spring AI's own chat-model observation, which
 * every Spring AI model starts around each call, and drives the same {@link CallLifecycle} as the advisor.
 *
 * <p>Exactly once: a call made under the advisor is left to it (the advisor holds the lifecycle's scope while
 * the model's observation starts). Attribution comes from the {@code LlmCallAttributor} and the defaults, since
 * there are no advisor params here; nothing here can refuse a call (enforced budgets refuse in the advisor), a
 * stream has no time to first chunk, and a stream's usage is Spring AI's aggregate of its chunks, which keeps
 * prompt and completion counts but not the provider's cache and reasoning details (said once per model: OpenAI's
 * cached input is then priced as uncached, Anthropic's cache tokens and Gemini's thoughts are missing).
 */
public final class ChatModelMeteringHandler implements ObservationHandler<ChatModelObservationContext> {

	private static final String CALL = ChatModelCallEnd.CALL;

	private final Supplier<CallLifecycle> lifecycle;

	private final Supplier<AttributionResolver> attribution;

	private final int previewChars;

	private final OncePerKeyLog aggregatedStreamLog = new OncePerKeyLog(
			LogFactory.getLog(ChatModelMeteringHandler.class), 100);

	/**
	 * @param lifecycle the call lifecycle, resolved on the first call and kept
	 * @param attribution the attribution resolver, resolved on the first call and kept
	 * @param previewChars characters of each response kept on the record; 0 reads no text
	 */
	public ChatModelMeteringHandler(Supplier<CallLifecycle> lifecycle, Supplier<AttributionResolver> attribution,
			int previewChars) {
		this.lifecycle = SingletonSupplier.of(lifecycle);
		this.attribution = SingletonSupplier.of(attribution);
		this.previewChars = previewChars;
	}

	@Override
	public boolean supportsContext(Observation.Context context) {
		return context instanceof ChatModelObservationContext;
	}

	@Override
	public void onStart(ChatModelObservationContext context) {
		if (this.lifecycle.get().scope().active()) {
			return;
		}
		try {
			Prompt prompt = context.getRequest();
			ChatOptions options = prompt != null ? prompt.getOptions() : null;
			CallStart start = CallStart.builder()
				.stream(context.isStreaming())
				.provider(ModelProviders.of(options, context.getOperationMetadata()))
				.requestedModel(options != null ? options.getModel() : null)
				.attribution(this.attribution.get().resolve(null, null, null))
				.promptText(() -> PromptText.of(prompt))
				.build();
			context.put(CALL, this.lifecycle.get().begin(start));
		}
		catch (RuntimeException | LinkageError ex) {
			this.lifecycle.get().failures().failed(MeteringStage.ADVISOR, ex);
		}
	}

	@Override
	public void onStop(ChatModelObservationContext context) {
		MeteredCall call = context.get(CALL);
		if (call == null) {
			return;
		}
		try {
			if (context.isStreaming() && context.getError() == null && context.getResponse() != null) {
				warnAggregatedStream(call);
			}
			ChatModelCallEnd.end(call, context, this.previewChars);
		}
		catch (RuntimeException | LinkageError ex) {
			this.lifecycle.get().failures().failed(MeteringStage.ADVISOR, ex);
		}
	}

	private void warnAggregatedStream(MeteredCall call) {
		String model = call.requestedModel() == null ? "unknown" : call.requestedModel();
		this.aggregatedStreamLog.warn(model, () -> "tokenmeter: streams of model '" + model + "' made without a "
				+ "tokenmeter-metered ChatClient are metered from Spring AI's aggregated stream usage, which keeps "
				+ "prompt and completion counts only: OpenAI's cached input is priced as uncached (over the bill), "
				+ "Anthropic's cache reads and writes and Gemini's thought tokens are missing (under the bill). "
				+ "Stream through a ChatClient with the TokenMeterAdvisor (the auto-configured ChatClient.Builder "
				+ "adds it) for exact stream costs.");
	}

}
