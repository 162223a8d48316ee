package io.tokenmeter.advisor;

import java.time.Clock;

import io.tokenmeter.core.attribution.AttributionResolver;
import io.tokenmeter.core.attribution.CallAttribution;
import io.tokenmeter.core.call.CallOutcome;
import io.tokenmeter.core.call.LlmCall;
import io.tokenmeter.core.call.LlmCallRecorder;
import io.tokenmeter.core.call.MeteringFailures;
import io.tokenmeter.core.call.MeteringStage;
import io.tokenmeter.core.usage.ProviderDetector;
import io.tokenmeter.core.usage.TokenUsage;
import io.tokenmeter.core.usage.UsageNormalizers;
import org.springframework.ai.chat.client.ChatClientRequest;
import org.springframework.ai.chat.client.ChatClientResponse;
import org.springframework.ai.chat.client.advisor.api.CallAdvisor;
import org.springframework.ai.chat.client.advisor.api.CallAdvisorChain;
import org.springframework.ai.chat.client.advisor.api.StreamAdvisor;
import org.springframework.ai.chat.client.advisor.api.StreamAdvisorChain;
import org.springframework.ai.chat.metadata.Usage;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.core.Ordered;
import reactor.core.publisher.Flux;

/**
 * Meters every model round trip of a {@code ChatClient}: duration, time to first chunk for streams, usage,
 * cost and outcome, attributed to model, provider, agent and user, then handed to the {@link LlmCallRecorder}.
 *
 * <p>Ordered just outside the model call ({@link #DEFAULT_ORDER}): inside Spring AI's tool-calling advisor and
 * its structured-output validation advisor, so each round trip and each retry is metered once with its own
 * usage. (Those advisors stamp the <em>sum</em> of their rounds on their final response; an advisor outside them
 * would see that sum and one inside sees each round: metering in both places would double count.)
 *
 * <p>Metering never changes the call: whatever fails in here is counted in {@code tokenmeter.errors} and
 * logged at a bounded rate, and the caller gets the model's response or the model's own exception.
 */
public final class TokenMeterAdvisor implements CallAdvisor, StreamAdvisor {

	/** Inside tool calling (HIGHEST + 300) and validation retries (LOWEST - 2000), just before the model. */
	public static final int DEFAULT_ORDER = Ordered.LOWEST_PRECEDENCE - 1000;

	private static final String UNKNOWN_MODEL = "unknown";

	private final LlmCallRecorder recorder;

	private final UsageNormalizers normalizers;

	private final AttributionResolver attribution;

	private final StreamUsageRequest streamUsageRequest;

	private final String defaultProvider;

	private final Clock clock;

	private final int order;

	private final MeteringFailures failures;

	public TokenMeterAdvisor(LlmCallRecorder recorder, UsageNormalizers normalizers, AttributionResolver attribution,
			StreamUsageRequest streamUsageRequest, String defaultProvider, Clock clock, int order) {
		this.recorder = recorder;
		this.normalizers = normalizers;
		this.attribution = attribution;
		this.streamUsageRequest = streamUsageRequest;
		this.defaultProvider = defaultProvider;
		this.clock = clock;
		this.order = order;
		this.failures = recorder.failures();
	}

	@Override
	public String getName() {
		return "TokenMeterAdvisor";
	}

	@Override
	public int getOrder() {
		return this.order;
	}

	@Override
	public ChatClientResponse adviseCall(ChatClientRequest request, CallAdvisorChain chain) {
		CallFacts facts = begin(request);
		ChatClientResponse response;
		try {
			response = chain.nextCall(request);
		}
		catch (RuntimeException | Error ex) {
			if (facts != null) {
				recordFailure(facts, ex, false, -1, null);
			}
			throw ex;
		}
		if (facts != null) {
			recordResponse(facts, response == null ? null : response.chatResponse());
		}
		return response;
	}

	@Override
	public Flux<ChatClientResponse> adviseStream(ChatClientRequest request, StreamAdvisorChain chain) {
		return Flux.defer(() -> {
			CallFacts facts = begin(request);
			if (facts == null) {
				return chain.nextStream(request);
			}
			StreamTally tally = new StreamTally();
			return chain.nextStream(withStreamUsage(request))
				.doOnNext(chunk -> onChunk(tally, chunk))
				.doOnComplete(() -> finishStream(facts, tally, null, false))
				.doOnError(error -> finishStream(facts, tally, error, false))
				.doOnCancel(() -> finishStream(facts, tally, null, true));
		});
	}

	/** @return the call's facts, or null when even that failed (the call then goes on unmetered) */
	private CallFacts begin(ChatClientRequest request) {
		try {
			return CallFacts.of(request, this.attribution, this.defaultProvider, this.clock.instant(),
					System.nanoTime());
		}
		catch (RuntimeException | LinkageError ex) {
			this.failures.failed(MeteringStage.ADVISOR, ex);
			return null;
		}
	}

	private ChatClientRequest withStreamUsage(ChatClientRequest request) {
		try {
			var prompt = this.streamUsageRequest.apply(request.prompt());
			return prompt == request.prompt() ? request : request.mutate().prompt(prompt).build();
		}
		catch (RuntimeException | LinkageError ex) {
			this.failures.failed(MeteringStage.ADVISOR, ex);
			return request;
		}
	}

	private void onChunk(StreamTally tally, ChatClientResponse chunk) {
		try {
			tally.onChunk(chunk, System.nanoTime());
		}
		catch (RuntimeException | LinkageError ex) {
			this.failures.failed(MeteringStage.ADVISOR, ex);
		}
	}

	private void recordResponse(CallFacts facts, ChatResponse response) {
		try {
			long duration = System.nanoTime() - facts.startNanos();
			Usage usage = response == null ? null : response.getMetadata().getUsage();
			String finishReason = ResponseReading.finishReason(response);
			record(facts, duration, -1, false, ResponseReading.model(response), usage,
					ResponseReading.outcomeOf(finishReason), null, finishReason);
		}
		catch (RuntimeException | LinkageError ex) {
			this.failures.failed(MeteringStage.ADVISOR, ex);
		}
	}

	private void recordFailure(CallFacts facts, Throwable error, boolean stream, long ttft, StreamTally tally) {
		try {
			long duration = System.nanoTime() - facts.startNanos();
			String model = tally != null ? tally.model() : null;
			Usage usage = tally != null ? tally.usage() : null;
			record(facts, duration, ttft, stream, model, usage, CallOutcome.ERROR, error.getClass().getSimpleName(),
					tally != null ? tally.finishReason() : null);
		}
		catch (RuntimeException | LinkageError ex) {
			this.failures.failed(MeteringStage.ADVISOR, ex);
		}
	}

	private void finishStream(CallFacts facts, StreamTally tally, Throwable error, boolean cancelled) {
		try {
			if (!tally.finish()) {
				return;
			}
			long ttft = tally.firstChunkNanos() < 0 ? -1 : tally.firstChunkNanos() - facts.startNanos();
			if (error != null) {
				recordFailure(facts, error, true, ttft, tally);
				return;
			}
			long duration = System.nanoTime() - facts.startNanos();
			CallOutcome outcome = cancelled ? CallOutcome.CANCELLED : ResponseReading.outcomeOf(tally.finishReason());
			record(facts, duration, ttft, true, tally.model(), tally.usage(), outcome, null, tally.finishReason());
		}
		catch (RuntimeException | LinkageError ex) {
			this.failures.failed(MeteringStage.ADVISOR, ex);
		}
	}

	private void record(CallFacts facts, long durationNanos, long ttftNanos, boolean stream, String responseModel,
			Usage usage, CallOutcome outcome, String errorType, String finishReason) {
		String provider = facts.provider();
		if (usage != null && usage.getNativeUsage() != null) {
			String nativeProvider = ProviderDetector.providerOf(usage.getNativeUsage());
			if (!ProviderDetector.UNKNOWN.equals(nativeProvider)) {
				provider = nativeProvider;
			}
		}
		TokenUsage tokens;
		try {
			tokens = this.normalizers.normalize(provider, usage);
		}
		catch (RuntimeException | LinkageError ex) {
			this.failures.failed(MeteringStage.USAGE, ex);
			tokens = TokenUsage.MISSING;
		}
		String model = responseModel != null ? responseModel
				: facts.requestedModel() != null ? facts.requestedModel() : UNKNOWN_MODEL;
		CallAttribution attribution = facts.attribution();
		this.recorder.record(new LlmCall(facts.timestamp(), durationNanos, ttftNanos, stream, provider,
				facts.requestedModel(), model, attribution, outcome, errorType, tokens, null, facts.serviceTier(),
				finishReason));
	}

}
