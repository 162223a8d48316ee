package io.tokenmeter.advisor;

import io.tokenmeter.advisor.internal.ChatModelDefaults;
import io.tokenmeter.advisor.internal.StreamUsageRequest;
import java.math.BigDecimal;
import java.util.Map;

import io.tokenmeter.TokenMeter;
import io.tokenmeter.core.attribution.internal.AttributionResolver;
import io.tokenmeter.core.attribution.CallAttribution;
import io.tokenmeter.core.call.CallCostTracker;
import io.tokenmeter.core.lifecycle.CallLifecycle;
import io.tokenmeter.core.call.internal.CallResult;
import io.tokenmeter.core.call.internal.CallStart;
import io.tokenmeter.core.lifecycle.MeteredCall;
import io.tokenmeter.core.call.internal.MeteringFailures;
import io.tokenmeter.core.lifecycle.MeteringScope;
import io.tokenmeter.core.call.internal.MeteringStage;
import io.tokenmeter.core.call.Operation;
import io.tokenmeter.core.call.internal.PromptText;
import io.tokenmeter.core.usage.internal.LastProviderOfClass;
import io.tokenmeter.core.usage.internal.ProviderDetector;
import org.springframework.ai.chat.client.ChatClientRequest;
import org.springframework.ai.chat.client.ChatClientResponse;
import org.springframework.ai.chat.client.advisor.api.CallAdvisor;
import org.springframework.ai.chat.client.advisor.api.CallAdvisorChain;
import org.springframework.ai.chat.client.advisor.api.StreamAdvisor;
import org.springframework.ai.chat.client.advisor.api.StreamAdvisorChain;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.prompt.ChatOptions;
import org.springframework.ai.chat.prompt.Prompt;
import org.springframework.core.Ordered;
import reactor.core.publisher.Flux;

/**
 * Meters every model round trip of a {@code ChatClient}: a thin adapter over the {@link CallLifecycle}, which
 * owns admission, usage, pricing and recording. What only the advisor can do: refuse a call for an enforced
 * budget before the model is called, read the per-call advisor params ({@link TokenMeter#AGENT}, ...), time the
 * first chunk of a stream and ask providers for stream usage.
 *
 * <p>Ordered just outside the model call ({@link #DEFAULT_ORDER}): inside Spring AI's tool-calling advisor and
 * its structured-output validation advisor, so each round trip and each retry is metered once with its own
 * usage. (Those advisors stamp the <em>sum</em> of their rounds on their final response; an advisor outside them
 * would see that sum and one inside sees each round: metering in both places would double count.) While it
 * calls the rest of the chain it holds the lifecycle's {@link MeteringScope}, so a second tokenmeter advisor
 * in the same chain and the model-level path below it leave the call to this one.
 *
 * <p>Metering never changes the call: whatever fails in here is counted in {@code tokenmeter.errors} and
 * logged at a bounded rate, and the caller gets the model's response or the model's own exception.
 *
 * @since 0.1.0
 */
public final class TokenMeterAdvisor implements CallAdvisor, StreamAdvisor {

	/** Inside tool calling (HIGHEST + 300) and validation retries (LOWEST - 2000), just before the model. */
	public static final int DEFAULT_ORDER = Ordered.LOWEST_PRECEDENCE - 1000;

	/** The advisor's name in Spring AI's advisor chain and observations. */
	public static final String NAME = "TokenMeterAdvisor";

	private final CallLifecycle lifecycle;

	private final MeteringScope scope;

	private final MeteringFailures failures;

	private final AttributionResolver attribution;

	private final StreamUsageRequest streamUsageRequest;

	private final ChatModelDefaults defaults;

	private final int order;

	private final CallCostEstimate costEstimate;

	private final int previewChars;

	private final LastProviderOfClass providerOfOptions = new LastProviderOfClass();

	/**
	 * @param defaults provider and model of calls whose request names neither (the application's chat model)
	 * @param costEstimate estimates a call's cost before it is made, for enforced budgets; null when no budget
	 * is enforced
	 * @param previewChars how many characters of each response to keep on the call record
	 * ({@code tokenmeter.ledger.preview-chars}); 0 reads no response text at all
	 */
	public TokenMeterAdvisor(CallLifecycle lifecycle, AttributionResolver attribution,
			StreamUsageRequest streamUsageRequest, ChatModelDefaults defaults, int order, CallCostEstimate costEstimate,
			int previewChars) {
		if (previewChars < 0) {
			throw new IllegalArgumentException("previewChars must not be negative");
		}
		this.lifecycle = lifecycle;
		this.scope = lifecycle.scope();
		this.failures = lifecycle.failures();
		this.attribution = attribution;
		this.streamUsageRequest = streamUsageRequest;
		this.defaults = defaults;
		this.order = order;
		this.costEstimate = costEstimate;
		this.previewChars = previewChars;
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
		MeteringScope.Flag scope = this.scope.flag();
		if (scope.active()) {
			return chain.nextCall(request);
		}
		MeteredCall call = begin(request, false);
		boolean outer = scope.enter(call);
		ChatClientResponse response;
		try {
			response = chain.nextCall(request);
		}
		catch (RuntimeException | Error ex) {
			if (call != null) {
				call.failed(ex, CallResult.NONE);
			}
			throw ex;
		}
		finally {
			scope.exit(outer);
		}
		if (call != null) {
			completed(call, response);
		}
		return response;
	}

	@Override
	public Flux<ChatClientResponse> adviseStream(ChatClientRequest request, StreamAdvisorChain chain) {
		return Flux.defer(() -> {
			if (this.scope.active()) {
				return chain.nextStream(request);
			}
			MeteredCall call = begin(request, true);
			if (call == null) {
				return chain.nextStream(request);
			}
			StreamTally tally = new StreamTally(this.previewChars, request.prompt());
			return new MeteredStream(chain, withStreamUsage(request), call, tally, this.scope, this.failures);
		});
	}

	/**
	 * @return the call begun, or null when even that failed (the call then goes on unmetered)
	 * @throws RuntimeException the budget refusal of an enforced budget, recorded as blocked
	 */
	private MeteredCall begin(ChatClientRequest request, boolean stream) {
		MeteredCall call;
		try {
			call = start(request, stream);
		}
		catch (RuntimeException | LinkageError ex) {
			this.failures.failed(MeteringStage.ADVISOR, ex);
			return null;
		}
		if (!this.lifecycle.enforcing()) {
			return call; // no budget can refuse the call: no reservation to work out
		}
		return this.lifecycle.admit(call, () -> reservation(call, request.prompt()));
	}

	/**
	 * Begins the call from the parts read off its request, without a {@code CallStart} in between: the JIT did not
	 * always leave one unallocated here (48 B more on every call in one JMH fork of two).
	 */
	private MeteredCall start(ChatClientRequest request, boolean stream) {
		Prompt prompt = request.prompt();
		ChatOptions options = prompt.getOptions();
		String provider = this.providerOfOptions.providerOf(options);
		if (ProviderDetector.UNKNOWN.equals(provider)) {
			provider = this.defaults.provider();
		}
		String requestedModel = options != null ? options.getModel() : null;
		if (requestedModel == null) {
			requestedModel = this.defaults.model();
		}
		Map<String, Object> context = request.context();
		CallAttribution attribution = this.attribution.resolve(text(context.get(TokenMeter.AGENT)),
				text(context.get(TokenMeter.USER)), text(context.get(TokenMeter.SESSION)));
		// The constructor, not the builder: this runs on every call. Only a stream may need its prompt's text
		// (to estimate a stream that ended without usage), so a call captures nothing for it.
		return this.lifecycle.begin(Operation.CHAT, stream, provider, requestedModel, attribution,
				text(context.get(TokenMeter.SERVICE_TIER)), stream ? () -> PromptText.of(prompt) : CallStart.NO_TEXT,
				CallCostTracker.in(context));
	}

	private BigDecimal reservation(MeteredCall call, Prompt prompt) {
		return this.costEstimate != null
				? this.costEstimate.estimate(call.provider(), call.requestedModel(), prompt, call.serviceTier())
				: BigDecimal.ZERO;
	}

	private ChatClientRequest withStreamUsage(ChatClientRequest request) {
		try {
			Prompt prompt = this.streamUsageRequest.apply(request.prompt());
			return prompt == request.prompt() ? request : request.mutate().prompt(prompt).build();
		}
		catch (RuntimeException | LinkageError ex) {
			this.failures.failed(MeteringStage.ADVISOR, ex);
			return request;
		}
	}

	private void completed(MeteredCall call, ChatClientResponse response) {
		ChatResponse chatResponse;
		try {
			chatResponse = response == null ? null : response.chatResponse();
		}
		catch (RuntimeException | LinkageError ex) {
			this.failures.failed(MeteringStage.ADVISOR, ex);
			chatResponse = null;
		}
		call.completed(chatResponse, this.previewChars);
	}

	private static String text(Object value) {
		return value == null ? null : value.toString();
	}

}
