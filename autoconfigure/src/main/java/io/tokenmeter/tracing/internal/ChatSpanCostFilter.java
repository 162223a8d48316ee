package io.tokenmeter.tracing.internal;

import java.util.function.Supplier;

import io.micrometer.common.KeyValues;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationFilter;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.handler.TracingObservationHandler;
import io.tokenmeter.core.call.LlmCall;
import io.tokenmeter.core.call.internal.MeteringStage;
import io.tokenmeter.core.lifecycle.CallLifecycle;
import io.tokenmeter.core.lifecycle.MeteredCall;
import io.tokenmeter.core.tracing.internal.GenAiSpanAttributes;
import io.tokenmeter.model.internal.ChatModelCallEnd;
import org.springframework.ai.chat.observation.ChatModelObservationContext;
import org.springframework.core.Ordered;
import org.springframework.util.ClassUtils;
import org.springframework.util.function.SingletonSupplier;

/**
 * Puts tokenmeter's view of a metered call (normalized tokens, provider, models, agent, session, cost) on the
 * span of Spring AI's chat-model observation, as high-cardinality key values: spans get them, metrics do not
 * (Spring AI's {@code gen_ai.client.operation} timer keeps its tag keys). Where Spring AI's own convention set
 * the same names ({@code gen_ai.usage.input_tokens}: the provider's prompt count, which for Anthropic leaves out
 * cached tokens) tokenmeter's values replace them.
 *
 * <p>A filter, because filters run when the observation stops and before any handler, so before the tracing
 * handler tags and ends the span. A call the span must carry is ended here, first: a call of the model-level
 * path, and a synchronous call under the advisor, with the model's response (the advisor's own end later is a
 * no-op, and sees the same response). It is ended with the model's span current, so the exemplars of
 * {@code llm.cost.usd} and {@code llm.call.duration} point at it. A stream under the advisor is recorded by the
 * advisor, with the provider's exact stream usage, usually after the model's observation has stopped (Spring AI
 * hands the chunks to the advisors on another thread): its span's end then waits for that record
 * ({@link DeferredSpanEnd}, with the OpenTelemetry bridge), and keeps the end time it had.
 */
public final class ChatSpanCostFilter implements ObservationFilter, Ordered {

	/**
	 * Early among the application's filters (Spring Boot applies {@code ObservationFilter} beans in their order), so
	 * that a filter of the application's own ordered after it sees tokenmeter's key values.
	 */
	public static final int ORDER = 0;

	private static final boolean OTEL_BRIDGE = ClassUtils.isPresent("io.micrometer.tracing.otel.bridge.OtelSpan",
			ChatSpanCostFilter.class.getClassLoader());

	private final Supplier<CallLifecycle> lifecycle;

	private final Supplier<Tracer> tracer;

	private final GenAiSpanAttributes attributes;

	private final int previewChars;

	/**
	 * @param lifecycle the call lifecycle, resolved on the first call and kept
	 * @param tracer the tracer that makes the model's span current while the call is recorded; resolved on the
	 * first call, may supply null
	 * @param attributes what a recorded call puts on the span
	 * @param previewChars characters of each response kept on the record; 0 reads no text
	 */
	public ChatSpanCostFilter(Supplier<CallLifecycle> lifecycle, Supplier<Tracer> tracer,
			GenAiSpanAttributes attributes, int previewChars) {
		this.lifecycle = SingletonSupplier.of(lifecycle);
		this.tracer = SingletonSupplier.of(tracer);
		this.attributes = attributes;
		this.previewChars = previewChars;
	}

	@Override
	public int getOrder() {
		return ORDER;
	}

	@Override
	public Observation.Context map(Observation.Context context) {
		if (!(context instanceof ChatModelObservationContext chat)) {
			return context;
		}
		try {
			MeteredCall call = chat.get(ChatModelCallEnd.CALL);
			if (call == null) {
				call = chat.get(ChatSpanCallLink.ADVISOR_CALL);
				// The advisor's own view of streaming: a model may not mark its stream observations as such.
				if (call != null && call.stream() && call.recorded() == null) {
					// Never end an advisor's stream here (with Spring AI's aggregate): wait for its own record,
					// which may be under way on the advisor's thread right now.
					deferToRecord(call, chat);
					return context;
				}
			}
			if (call == null) {
				return context;
			}
			if (!call.finished()) {
				endInSpan(call, chat);
			}
			LlmCall recorded = call.recorded();
			if (recorded != null) {
				chat.addHighCardinalityKeyValues(this.attributes.of(recorded));
			}
		}
		catch (RuntimeException | LinkageError ex) {
			this.lifecycle.get().failures().failed(MeteringStage.TRACING, ex);
		}
		return context;
	}

	/**
	 * A {@code ChatClient} stream: the model's observation stops before the advisor, on the other side of Spring
	 * AI's hand-over to another thread, has seen the last chunk. The span's end waits for the advisor's record.
	 */
	private void deferToRecord(MeteredCall call, ChatModelObservationContext context) {
		TracingObservationHandler.TracingContext tracing = context.get(TracingObservationHandler.TracingContext.class);
		if (tracing == null || !OTEL_BRIDGE) {
			return;
		}
		DeferredSpanEnd deferred = DeferredSpanEnd.install(tracing);
		if (deferred == null) {
			return;
		}
		call.afterRecorded(recorded -> {
			KeyValues values = KeyValues.empty();
			try {
				if (recorded != null) {
					values = this.attributes.of(recorded);
				}
			}
			catch (RuntimeException | LinkageError ex) {
				this.lifecycle.get().failures().failed(MeteringStage.TRACING, ex);
			}
			finally {
				deferred.release(values);
			}
		});
	}

	private void endInSpan(MeteredCall call, ChatModelObservationContext context) {
		Tracer tracer = this.tracer.get();
		TracingObservationHandler.TracingContext tracing = context.get(TracingObservationHandler.TracingContext.class);
		Span span = tracing != null ? tracing.getSpan() : null;
		if (tracer == null || span == null) {
			ChatModelCallEnd.end(call, context, this.previewChars);
			return;
		}
		try (Tracer.SpanInScope scope = tracer.withSpan(span)) {
			ChatModelCallEnd.end(call, context, this.previewChars);
		}
	}

}
