package io.tokenmeter.advisor;

import java.time.Clock;

import java.math.BigDecimal;

import io.tokenmeter.core.attribution.AttributionResolver;
import io.tokenmeter.core.budget.Admission;
import io.tokenmeter.core.budget.BudgetExceededException;
import io.tokenmeter.core.budget.BudgetStoreUnavailableException;
import io.tokenmeter.core.budget.BudgetTracker;
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

	/** The advisor's name in Spring AI's advisor chain and observations. */
	public static final String NAME = "TokenMeterAdvisor";

	private static final String UNKNOWN_MODEL = "unknown";

	private final LlmCallRecorder recorder;

	private final UsageNormalizers normalizers;

	private final AttributionResolver attribution;

	private final StreamUsageRequest streamUsageRequest;

	private final ChatModelDefaults defaults;

	private final Clock clock;

	private final int order;

	private final MeteringFailures failures;

	private final BudgetTracker budgets;

	private final CallCostEstimate costEstimate;

	private final int previewChars;

	/**
	 * @param defaults provider and model of calls whose request names neither (the application's chat model)
	 * @param costEstimate estimates a call's cost before it is made, for enforced budgets; null when no budget
	 * is enforced
	 * @param previewChars how many characters of each response to keep on the call record
	 * ({@code tokenmeter.ledger.preview-chars}); 0 reads no response text at all
	 */
	public TokenMeterAdvisor(LlmCallRecorder recorder, UsageNormalizers normalizers, AttributionResolver attribution,
			StreamUsageRequest streamUsageRequest, ChatModelDefaults defaults, Clock clock, int order,
			CallCostEstimate costEstimate, int previewChars) {
		if (previewChars < 0) {
			throw new IllegalArgumentException("previewChars must not be negative");
		}
		this.previewChars = previewChars;
		this.recorder = recorder;
		this.budgets = recorder.budgets();
		this.costEstimate = costEstimate;
		this.normalizers = normalizers;
		this.attribution = attribution;
		this.streamUsageRequest = streamUsageRequest;
		this.defaults = defaults;
		this.clock = clock;
		this.order = order;
		this.failures = recorder.failures();
	}

	@Override
	public String getName() {
		return NAME;
	}

	@Override
	public int getOrder() {
		return this.order;
	}

	@Override
	public ChatClientResponse adviseCall(ChatClientRequest request, CallAdvisorChain chain) {
		CallFacts facts = begin(request);
		Admission admission = admit(facts, request, false);
		ChatClientResponse response;
		try {
			response = chain.nextCall(request);
		}
		catch (RuntimeException | Error ex) {
			if (facts != null) {
				recordFailure(facts, ex, false, -1, null, admission);
			}
			throw ex;
		}
		if (facts != null) {
			recordResponse(facts, response == null ? null : response.chatResponse(), admission);
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
			Admission admission = admit(facts, request, true);
			StreamTally tally = new StreamTally(this.previewChars);
			return chain.nextStream(withStreamUsage(request))
				.doOnNext(chunk -> onChunk(tally, chunk))
				.doOnComplete(() -> finishStream(facts, tally, null, false, admission))
				.doOnError(error -> finishStream(facts, tally, error, false, admission))
				.doOnCancel(() -> finishStream(facts, tally, null, true, admission));
		});
	}

	/** @return the call's facts, or null when even that failed (the call then goes on unmetered) */
	private CallFacts begin(ChatClientRequest request) {
		try {
			return CallFacts.of(request, this.attribution, this.defaults, this.clock.instant(),
					System.nanoTime());
		}
		catch (RuntimeException | LinkageError ex) {
			this.failures.failed(MeteringStage.ADVISOR, ex);
			return null;
		}
	}

	/**
	 * Reserves the call's estimated cost in the enforced budgets that apply to it. A refusal is recorded as a
	 * {@code blocked} call and thrown to the caller: that is the point of enforcement. Any other failure here
	 * lets the call through unreserved.
	 */
	private Admission admit(CallFacts facts, ChatClientRequest request, boolean stream) {
		if (facts == null || this.budgets == null || !this.budgets.enforcing()) {
			return Admission.NONE;
		}
		try {
			String agent = facts.attribution().agent();
			String user = facts.attribution().user();
			String model = facts.requestedModel();
			if (!this.budgets.enforces(model, agent, user)) {
				return Admission.NONE;
			}
			BigDecimal estimate = this.costEstimate != null
					? this.costEstimate.estimate(facts.provider(), model, request.prompt(), facts.serviceTier())
					: BigDecimal.ZERO;
			return this.budgets.admit(model, agent, user, estimate);
		}
		catch (BudgetExceededException | BudgetStoreUnavailableException refused) {
			recordBlocked(facts, refused, stream);
			throw refused;
		}
		catch (RuntimeException | LinkageError ex) {
			this.failures.failed(MeteringStage.BUDGET, ex);
			return Admission.NONE;
		}
	}

	private void recordBlocked(CallFacts facts, RuntimeException refusal, boolean stream) {
		try {
			record(facts, System.nanoTime() - facts.startNanos(), -1, stream, null, null, CallOutcome.BLOCKED,
					refusal.getClass().getSimpleName(), null, null, Admission.NONE);
		}
		catch (RuntimeException | LinkageError ex) {
			this.failures.failed(MeteringStage.ADVISOR, ex);
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
			tally.onChunk(chunk);
		}
		catch (RuntimeException | LinkageError ex) {
			this.failures.failed(MeteringStage.ADVISOR, ex);
		}
	}

	private void recordResponse(CallFacts facts, ChatResponse response, Admission admission) {
		try {
			long duration = System.nanoTime() - facts.startNanos();
			Usage usage = response == null ? null : response.getMetadata().getUsage();
			String finishReason = ResponseReading.finishReason(response);
			String preview = this.previewChars > 0
					? ResponseReading.preview(ResponseReading.text(response), this.previewChars) : null;
			record(facts, duration, -1, false, ResponseReading.model(response), usage,
					ResponseReading.outcomeOf(finishReason), null, finishReason, preview, admission);
		}
		catch (RuntimeException | LinkageError ex) {
			this.failures.failed(MeteringStage.ADVISOR, ex);
		}
	}

	private void recordFailure(CallFacts facts, Throwable error, boolean stream, long ttft, StreamTally tally,
			Admission admission) {
		try {
			long duration = System.nanoTime() - facts.startNanos();
			String model = tally != null ? tally.model() : null;
			Usage usage = tally != null ? tally.usage() : null;
			record(facts, duration, ttft, stream, model, usage, CallOutcome.ERROR, error.getClass().getSimpleName(),
					tally != null ? tally.finishReason() : null, tally != null ? tally.preview() : null, admission);
		}
		catch (RuntimeException | LinkageError ex) {
			this.failures.failed(MeteringStage.ADVISOR, ex);
		}
	}

	private void finishStream(CallFacts facts, StreamTally tally, Throwable error, boolean cancelled,
			Admission admission) {
		try {
			if (!tally.finish()) {
				return;
			}
			long ttft = tally.firstChunkNanos() < 0 ? -1 : tally.firstChunkNanos() - facts.startNanos();
			if (error != null) {
				recordFailure(facts, error, true, ttft, tally, admission);
				return;
			}
			long duration = System.nanoTime() - facts.startNanos();
			CallOutcome outcome = cancelled ? CallOutcome.CANCELLED : ResponseReading.outcomeOf(tally.finishReason());
			record(facts, duration, ttft, true, tally.model(), tally.usage(), outcome, null, tally.finishReason(),
					tally.preview(), admission);
		}
		catch (RuntimeException | LinkageError ex) {
			this.failures.failed(MeteringStage.ADVISOR, ex);
		}
	}

	private void record(CallFacts facts, long durationNanos, long ttftNanos, boolean stream, String responseModel,
			Usage usage, CallOutcome outcome, String errorType, String finishReason, String preview,
			Admission admission) {
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
				finishReason, preview), admission);
	}

}
