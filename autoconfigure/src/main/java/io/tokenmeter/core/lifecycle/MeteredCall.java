package io.tokenmeter.core.lifecycle;

import io.tokenmeter.core.attribution.CallAttribution;
import io.tokenmeter.core.call.CallCostTracker;
import io.tokenmeter.core.call.CallOutcome;
import io.tokenmeter.core.call.internal.CallResult;
import io.tokenmeter.core.call.internal.CallStart;
import io.tokenmeter.core.call.internal.ChatResponses;
import io.tokenmeter.core.call.LlmCall;
import io.tokenmeter.core.call.internal.MeteringStage;
import io.tokenmeter.core.call.Operation;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;

import io.tokenmeter.core.budget.internal.Admission;
import io.tokenmeter.core.usage.internal.ProviderDetector;
import io.tokenmeter.core.usage.TokenUsage;
import org.jspecify.annotations.Nullable;
import org.springframework.ai.chat.metadata.Usage;
import org.springframework.ai.chat.model.ChatResponse;

/**
 * One call in flight, begun by {@link CallLifecycle#begin}. The first of {@link #completed}, {@link #failed} and
 * {@link #cancelled} records it; later ones are ignored, so an entry point may report every signal it sees
 * (a stream's complete, error and cancel) without counting a call twice. Never throws.
 */
public final class MeteredCall {

	private final CallLifecycle lifecycle;

	// The start's parts, copied rather than the CallStart kept: the entry point's CallStart then never outlives
	// begin(), and the JIT can leave it unallocated (one object less on every call).
	private final Operation operation;

	private final boolean stream;

	private final String provider;

	private final @Nullable String requestedModel;

	private final CallAttribution attribution;

	private final @Nullable String serviceTier;

	private final Supplier<List<String>> promptText;

	private final @Nullable CallCostTracker costTracker;

	private final Instant timestamp;

	private final long startNanos;

	// A field and a VarHandle rather than an AtomicBoolean: one object less on every metered call.
	private static final VarHandle FINISHED;

	private static final VarHandle AFTER_RECORD;

	/** What {@link #recorded} holds once recording has failed: the call is done, without a record. */
	private static final LlmCall NOT_RECORDED = LlmCall.builder().build();

	static {
		try {
			MethodHandles.Lookup lookup = MethodHandles.lookup();
			FINISHED = lookup.findVarHandle(MeteredCall.class, "finished", boolean.class);
			AFTER_RECORD = lookup.findVarHandle(MeteredCall.class, "afterRecord", Consumer.class);
		}
		catch (ReflectiveOperationException ex) {
			throw new ExceptionInInitializerError(ex);
		}
	}

	// set through FINISHED
	private volatile boolean finished;

	private Admission admission;

	private long firstChunkNanos = -1;

	// Null while the call is in flight, then the recorded call (or NOT_RECORDED): read by the span of the model
	// call, possibly on another thread than the one that finished it.
	private volatile @Nullable LlmCall recorded;

	// Set through AFTER_RECORD: run once when the call has been recorded (see afterRecorded); null on most calls.
	@SuppressWarnings("unused")
	private volatile @Nullable Consumer<@Nullable LlmCall> afterRecord;

	/** From the parts of a {@link CallStart}, as {@link CallLifecycle} begins a call. */
	MeteredCall(CallLifecycle lifecycle, Operation operation, boolean stream, String provider,
			@Nullable String requestedModel, CallAttribution attribution, @Nullable String serviceTier,
			Supplier<List<String>> promptText, @Nullable CallCostTracker costTracker, Instant timestamp,
			long startNanos, Admission admission) {
		this.lifecycle = lifecycle;
		this.operation = operation;
		this.stream = stream;
		this.provider = provider;
		this.requestedModel = requestedModel;
		this.attribution = attribution;
		this.serviceTier = serviceTier;
		this.promptText = promptText;
		this.costTracker = costTracker;
		this.timestamp = timestamp;
		this.startNanos = startNanos;
		this.admission = admission;
	}

	void admitted(Admission admission) {
		this.admission = admission;
	}

	void blocked(RuntimeException refusal) {
		finish(CallOutcome.BLOCKED, refusal.getClass().getSimpleName(), CallResult.NONE);
	}

	/** A stream delivered its first chunk (only the first call reads the clock). */
	public void firstChunk() {
		if (this.firstChunkNanos < 0) {
			this.firstChunkNanos = System.nanoTime();
		}
	}

	/** The model answered (or a stream completed); truncation is told from the finish reason. */
	public void completed(CallResult result) {
		finish(CallOutcome.ofFinishReason(result.finishReason()), null, result);
	}

	/**
	 * The model answered with {@code response}: the same as {@code completed(ChatResponses.result(response,
	 * previewChars))}, read straight from the response without a {@link CallResult} (the advisor's call path).
	 */
	public void completed(@Nullable ChatResponse response, int previewChars) {
		String finishReason;
		String model;
		Usage usage;
		String preview;
		try {
			if (response == null) {
				completed(CallResult.NONE);
				return;
			}
			finishReason = ChatResponses.finishReason(response);
			model = ChatResponses.model(response);
			usage = response.getMetadata().getUsage();
			preview = previewChars > 0 ? ChatResponses.preview(ChatResponses.text(response), previewChars) : null;
		}
		catch (RuntimeException | LinkageError ex) {
			this.lifecycle.failures().failed(MeteringStage.ADVISOR, ex);
			completed(CallResult.NONE);
			return;
		}
		finish(CallOutcome.ofFinishReason(finishReason), null, model, usage, finishReason, preview, null);
	}

	/** The call failed with the model's (or the stream's) exception, after what {@code partial} shows. */
	public void failed(Throwable error, CallResult partial) {
		finish(CallOutcome.ERROR, error.getClass().getSimpleName(), partial);
	}

	/** The caller cancelled a stream after what {@code partial} shows. */
	public void cancelled(CallResult partial) {
		finish(CallOutcome.CANCELLED, null, partial);
	}

	/** The model the request named (or the chat model's default), or null. */
	public @Nullable String requestedModel() {
		return this.requestedModel;
	}

	/** The provider the request is for, or {@code unknown}. */
	public String provider() {
		return this.provider;
	}

	/** Agent, user and session, as resolved when the call began. */
	public CallAttribution attribution() {
		return this.attribution;
	}

	/** The service tier the call asked for, or null. */
	public @Nullable String serviceTier() {
		return this.serviceTier;
	}

	/** Whether the call streams. */
	public boolean stream() {
		return this.stream;
	}

	/** Whether the call has been recorded (or refused, or failed to record): later signals are ignored. */
	public boolean finished() {
		return this.finished;
	}

	/** The call as recorded, with its cost when it was priced; null before it is recorded or when recording failed. */
	public LlmCall recorded() {
		LlmCall call = this.recorded;
		return call == NOT_RECORDED ? null : call;
	}

	/**
	 * Runs {@code action} once the call has been recorded, with the recorded call (null when recording failed): at
	 * once, on this thread, when it has been already, else on the thread that records it. One action per call;
	 * it must not throw.
	 */
	public void afterRecorded(Consumer<LlmCall> action) {
		this.afterRecord = action;
		if (this.recorded != null) {
			runAfterRecord();
		}
	}

	private void runAfterRecord() {
		@SuppressWarnings("unchecked")
		Consumer<LlmCall> action = (Consumer<LlmCall>) AFTER_RECORD.getAndSet(this, null);
		if (action != null) {
			action.accept(recorded());
		}
	}

	private void finish(CallOutcome outcome, String errorType, CallResult result) {
		finish(outcome, errorType, result.responseModel(), result.usage(), result.finishReason(), result.preview(),
				result.streamedText());
	}

	private void finish(CallOutcome outcome, @Nullable String errorType, @Nullable String responseModel,
			@Nullable Usage usage, @Nullable String finishReason, @Nullable String preview,
			@Nullable CharSequence streamedText) {
		if (!FINISHED.compareAndSet(this, false, true)) {
			return;
		}
		try {
			long duration = System.nanoTime() - this.startNanos;
			String provider = providerOf(usage);
			TokenUsage tokens = normalize(provider, usage);
			String model = responseModel != null ? responseModel
					: this.requestedModel != null ? this.requestedModel : LlmCall.UNKNOWN_MODEL;
			boolean estimated = false;
			if (!tokens.reported() && worthEstimating(outcome)) {
				tokens = estimate(model, streamedText);
				estimated = tokens.reported();
			}
			LlmCallRecorder recorder = this.lifecycle.recorder();
			// Priced before the record is built, and built with the constructor: one LlmCall per call, no builder.
			BigDecimal cost = recorder.price(provider, model, this.requestedModel, tokens, this.serviceTier);
			long timeToFirstToken = this.firstChunkNanos < 0 ? LlmCall.NO_TIME_TO_FIRST_TOKEN
					: this.firstChunkNanos - this.startNanos;
			LlmCall call = new LlmCall(this.timestamp, duration, timeToFirstToken, this.stream, this.operation,
					provider, this.requestedModel, model, this.attribution, outcome, errorType, tokens, estimated, cost,
					this.serviceTier, finishReason, preview);
			recorder.recordPriced(call, this.admission);
			this.recorded = call;
			if (this.costTracker != null) {
				this.costTracker.add(call);
			}
		}
		catch (RuntimeException | LinkageError ex) {
			this.lifecycle.failures().failed(MeteringStage.ADVISOR, ex);
		}
		finally {
			if (this.recorded == null) {
				this.recorded = NOT_RECORDED;
			}
			if (this.afterRecord != null) {
				runAfterRecord();
			}
		}
	}

	/** The provider whose SDK made the usage report wins over the one the request was addressed to. */
	private String providerOf(Usage usage) {
		if (usage != null && usage.getNativeUsage() != null) {
			String nativeProvider = this.lifecycle.providerOfNativeUsage().providerOf(usage.getNativeUsage());
			if (!ProviderDetector.UNKNOWN.equals(nativeProvider)) {
				return nativeProvider;
			}
		}
		return this.provider;
	}

	private TokenUsage normalize(String provider, Usage usage) {
		try {
			return this.lifecycle.normalizers().normalize(provider, usage);
		}
		catch (RuntimeException | LinkageError ex) {
			this.lifecycle.failures().failed(MeteringStage.USAGE, ex);
			return TokenUsage.MISSING;
		}
	}

	/**
	 * A stream that delivered text and ended without a usage report was billed by the provider: cancelled by
	 * the client, cut by the server, or a server that never reports stream usage. A call that failed before
	 * any chunk, or was refused, had nothing to bill.
	 */
	private boolean worthEstimating(CallOutcome outcome) {
		return this.stream && this.firstChunkNanos >= 0 && outcome != CallOutcome.BLOCKED
				&& this.lifecycle.usageEstimator() != null;
	}

	private TokenUsage estimate(String model, CharSequence streamedText) {
		try {
			CharSequence output = streamedText == null ? "" : streamedText;
			return this.lifecycle.usageEstimator().estimate(model, this.promptText.get(), output);
		}
		catch (RuntimeException | LinkageError ex) {
			this.lifecycle.failures().failed(MeteringStage.USAGE, ex);
			return TokenUsage.MISSING;
		}
	}

}
