package io.tokenmeter.sample.chat;

import java.math.BigDecimal;
import java.util.concurrent.atomic.AtomicReference;

import io.tokenmeter.TokenMeter;
import io.tokenmeter.core.call.CallCost;
import io.tokenmeter.core.call.CallCostTracker;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.ai.chat.client.ChatClient;
import org.springframework.ai.chat.client.ChatClientResponse;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.model.Generation;
import org.springframework.ai.chat.prompt.ChatOptions;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * The chat API: one question in, one answer out, through the auto-configured {@link ChatClient} that tokenmeter
 * meters. The agent, user and session of each request are handed to tokenmeter as advisor params, as any
 * application attributes its calls. What each answer cost comes back from tokenmeter's call-site API: the
 * {@link TokenMeter#CALL_COST} response context entry for calls, a {@link CallCostTracker} for streams.
 */
@RestController
class ChatController {

	/** The longest answer the sample asks for. */
	static final int MAX_ANSWER_TOKENS = 1024;

	private final ChatClient chatClient;

	ChatController(ChatClient.Builder chatClientBuilder) {
		this.chatClient = chatClientBuilder.build();
	}

	@PostMapping(path = "/chat", consumes = MediaType.APPLICATION_JSON_VALUE,
			produces = MediaType.APPLICATION_JSON_VALUE)
	ChatReply chat(@RequestBody ChatRequest request) {
		request.validate();
		ChatClientResponse answer = prompt(request, null).call().chatClientResponse();
		ChatResponse response = answer.chatResponse();
		return new ChatReply(text(response), modelOf(response), costOf(CallCost.from(answer.context()).orElse(null)));
	}

	/**
	 * Streams the answer as server-sent events: {@code delta} events with {@code {"text": ...}} as it arrives, then
	 * one {@code done} event with {@code {"model": ..., "cost": ...}}.
	 */
	@PostMapping(path = "/chat/stream", consumes = MediaType.APPLICATION_JSON_VALUE,
			produces = MediaType.TEXT_EVENT_STREAM_VALUE)
	Flux<ServerSentEvent<Object>> stream(@RequestBody ChatRequest request) {
		request.validate();
		AtomicReference<String> model = new AtomicReference<>();
		CallCostTracker cost = new CallCostTracker();
		Flux<ServerSentEvent<Object>> deltas = prompt(request, cost).stream()
			.chatResponse()
			.doOnNext(chunk -> {
				String chunkModel = chunk.getMetadata().getModel();
				if (chunkModel != null && !chunkModel.isEmpty()) {
					model.set(chunkModel);
				}
			})
			.map(ChatController::text)
			.filter(text -> !text.isEmpty())
			.map(text -> ServerSentEvent.builder((Object) new Delta(text)).event("delta").build());
		// Subscribed once the answer's stream completed: tokenmeter has added it to the tracker by then.
		Mono<ServerSentEvent<Object>> done = Mono.fromSupplier(() -> ServerSentEvent
			.builder((Object) new Done(model.get(), costOf(cost.total())))
			.event("done")
			.build());
		return deltas.concatWith(done);
	}

	private ChatClient.ChatClientRequestSpec prompt(ChatRequest request, CallCostTracker cost) {
		ChatClient.ChatClientRequestSpec spec = this.chatClient.prompt()
			.user(request.message())
			.advisors(advisor -> {
				if (cost != null) {
					advisor.param(TokenMeter.CALL_COST_TRACKER, cost);
				}
				if (request.agent() != null) {
					advisor.param(TokenMeter.AGENT, request.agent());
				}
				if (request.user() != null) {
					advisor.param(TokenMeter.USER, request.user());
				}
				if (request.session() != null) {
					advisor.param(TokenMeter.SESSION, request.session());
				}
			});
		// Answers are capped, as a support bot's are: the cap is also what an enforced budget reserves for the
		// answer before the call (without it, the model's maximum output, 16k tokens for gpt-4o, would be reserved).
		ChatOptions.Builder options = ChatOptions.builder().maxTokens(MAX_ANSWER_TOKENS);
		return spec.options(request.model() != null ? options.model(request.model()) : options);
	}

	private static String text(ChatResponse response) {
		Generation generation = response != null ? response.getResult() : null;
		String text = generation != null ? generation.getOutput().getText() : null;
		return text != null ? text : "";
	}

	private static String modelOf(ChatResponse response) {
		String model = response != null ? response.getMetadata().getModel() : null;
		return model != null && !model.isEmpty() ? model : null;
	}

	/** The answer's cost, or null when part of it could not be priced (a model without a price). */
	private static BigDecimal costOf(CallCost cost) {
		return cost != null && cost.calls() > 0 && cost.fullyPriced() && cost.usage().reported() ? cost.cost() : null;
	}

	/** A piece of a streamed answer. */
	record Delta(String text) {
	}

	/** The end of a streamed answer; the cost in the form of {@link ChatReply#usd(BigDecimal)}. */
	record Done(String model, BigDecimal cost) {

		Done {
			cost = ChatReply.usd(cost);
		}

	}

}
