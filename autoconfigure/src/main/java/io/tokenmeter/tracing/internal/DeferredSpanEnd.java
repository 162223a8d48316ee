package io.tokenmeter.tracing.internal;

import java.time.Instant;
import java.util.concurrent.TimeUnit;

import io.micrometer.common.KeyValue;
import io.micrometer.common.KeyValues;
import io.micrometer.tracing.handler.TracingObservationHandler;
import io.micrometer.tracing.otel.bridge.OtelSpan;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.StatusCode;

/**
 * The OpenTelemetry span of a chat-model observation whose end waits until tokenmeter has recorded the call it
 * belongs to. A {@code ChatClient} stream's model observation stops as soon as the model's last chunk is emitted,
 * while Spring AI hands the chunks on to the advisors on another thread, so the {@code TokenMeterAdvisor} records
 * the stream (with the provider's exact stream usage) only after the model's span would have ended and been
 * exported. This span takes the end the tracing handler asks for, with its timestamp, and applies it when
 * {@link #release} has put the recorded call's attributes on: the span is exported once, complete, with the end
 * time it would have had.
 */
final class DeferredSpanEnd implements Span {

	private final Span delegate;

	private long endEpochNanos = -1;

	private boolean released;

	private DeferredSpanEnd(Span delegate) {
		this.delegate = delegate;
	}

	/**
	 * Puts a deferring span in place of the observation's own, when that is a recording OpenTelemetry span.
	 * @return the deferring span to {@link #release}, or null when nothing was changed
	 */
	static DeferredSpanEnd install(TracingObservationHandler.TracingContext tracing) {
		if (!(tracing.getSpan() instanceof OtelSpan span)) {
			return null;
		}
		Span otel = OtelSpan.toOtel(span);
		if (!otel.isRecording()) {
			return null;
		}
		DeferredSpanEnd deferred = new DeferredSpanEnd(otel);
		tracing.setSpan(OtelSpan.fromOtel(deferred));
		return deferred;
	}

	/** Adds the attributes, then ends the span if its end was asked for already (else it ends when asked). */
	synchronized void release(KeyValues attributes) {
		try {
			for (KeyValue attribute : attributes) {
				this.delegate.setAttribute(attribute.getKey(), attribute.getValue());
			}
		}
		finally {
			this.released = true;
			if (this.endEpochNanos >= 0) {
				this.delegate.end(this.endEpochNanos, TimeUnit.NANOSECONDS);
			}
		}
	}

	@Override
	public synchronized void end() {
		if (this.released) {
			this.delegate.end();
			return;
		}
		Instant now = Instant.now();
		this.endEpochNanos = TimeUnit.SECONDS.toNanos(now.getEpochSecond()) + now.getNano();
	}

	@Override
	public synchronized void end(long timestamp, TimeUnit unit) {
		if (this.released) {
			this.delegate.end(timestamp, unit);
			return;
		}
		this.endEpochNanos = unit.toNanos(timestamp);
	}

	@Override
	public <T> Span setAttribute(AttributeKey<T> key, T value) {
		this.delegate.setAttribute(key, value);
		return this;
	}

	@Override
	public Span addEvent(String name, Attributes attributes) {
		this.delegate.addEvent(name, attributes);
		return this;
	}

	@Override
	public Span addEvent(String name, Attributes attributes, long timestamp, TimeUnit unit) {
		this.delegate.addEvent(name, attributes, timestamp, unit);
		return this;
	}

	@Override
	public Span setStatus(StatusCode statusCode, String description) {
		this.delegate.setStatus(statusCode, description);
		return this;
	}

	@Override
	public Span recordException(Throwable exception, Attributes additionalAttributes) {
		this.delegate.recordException(exception, additionalAttributes);
		return this;
	}

	@Override
	public Span updateName(String name) {
		this.delegate.updateName(name);
		return this;
	}

	@Override
	public SpanContext getSpanContext() {
		return this.delegate.getSpanContext();
	}

	@Override
	public boolean isRecording() {
		return this.delegate.isRecording();
	}

}
