package io.tokenmeter.model.internal;

import java.util.function.Supplier;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.tokenmeter.core.attribution.internal.AttributionResolver;
import io.tokenmeter.core.call.Operation;
import io.tokenmeter.core.call.internal.CallResult;
import io.tokenmeter.core.call.internal.CallStart;
import io.tokenmeter.core.call.internal.MeteringStage;
import io.tokenmeter.core.lifecycle.CallLifecycle;
import io.tokenmeter.core.lifecycle.MeteredCall;
import org.springframework.ai.embedding.EmbeddingOptions;
import org.springframework.ai.embedding.EmbeddingRequest;
import org.springframework.ai.embedding.EmbeddingResponse;
import org.springframework.ai.embedding.observation.EmbeddingModelObservationContext;
import org.springframework.util.function.SingletonSupplier;

/**
 * Meters every call on the application's {@code EmbeddingModel} beans ({@code embed(...)}, {@code call(...)},
 * vector stores that embed documents) from Spring AI's embedding-model observation, through the same
 * {@link CallLifecycle} as chat calls: duration, input tokens, cost at the model's input rate, attribution
 * from the {@code LlmCallAttributor}, budgets, call records, with operation {@code embeddings}.
 */
public final class EmbeddingModelMeteringHandler implements ObservationHandler<EmbeddingModelObservationContext> {

	private static final String CALL = MeteredCall.class.getName();

	private final Supplier<CallLifecycle> lifecycle;

	private final Supplier<AttributionResolver> attribution;

	/**
	 * @param lifecycle the call lifecycle, resolved on the first call and kept
	 * @param attribution the attribution resolver, resolved on the first call and kept
	 */
	public EmbeddingModelMeteringHandler(Supplier<CallLifecycle> lifecycle, Supplier<AttributionResolver> attribution) {
		this.lifecycle = SingletonSupplier.of(lifecycle);
		this.attribution = SingletonSupplier.of(attribution);
	}

	@Override
	public boolean supportsContext(Observation.Context context) {
		return context instanceof EmbeddingModelObservationContext;
	}

	@Override
	public void onStart(EmbeddingModelObservationContext context) {
		try {
			EmbeddingRequest request = context.getRequest();
			EmbeddingOptions options = request != null ? request.getOptions() : null;
			CallStart start = CallStart.builder()
				.operation(Operation.EMBEDDINGS)
				.provider(ModelProviders.of(options, context.getOperationMetadata()))
				.requestedModel(options != null ? options.getModel() : null)
				.attribution(this.attribution.get().resolve(null, null, null))
				.build();
			context.put(CALL, this.lifecycle.get().begin(start));
		}
		catch (RuntimeException | LinkageError ex) {
			this.lifecycle.get().failures().failed(MeteringStage.ADVISOR, ex);
		}
	}

	@Override
	public void onStop(EmbeddingModelObservationContext context) {
		MeteredCall call = context.get(CALL);
		if (call == null) {
			return;
		}
		try {
			EmbeddingResponse response = context.getResponse();
			CallResult result = response == null ? CallResult.NONE
					: new CallResult(emptyToNull(response.getMetadata().getModel()),
							response.getMetadata().getUsage(), null, null, null);
			if (context.getError() != null) {
				call.failed(context.getError(), result);
			}
			else {
				call.completed(result);
			}
		}
		catch (RuntimeException | LinkageError ex) {
			this.lifecycle.get().failures().failed(MeteringStage.ADVISOR, ex);
		}
	}

	private static String emptyToNull(String value) {
		return value == null || value.isEmpty() ? null : value;
	}

}
