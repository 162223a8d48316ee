package io.tokenmeter.sample.chat;

import java.math.BigDecimal;
import java.util.concurrent.atomic.AtomicReference;

import io.tokenmeter.TokenMeter;
import io.tokenmeter.core.call.LlmCall;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.ai.chat.client.ChatClient;
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
 * application attributes its calls.
 */
@RestController
class ChatController {

	/** The longest answer the sample asks for. */
	static final int MAX_ANSWER_TOKENS = 1024;

	private final ChatClient chatClient;

	private final CallCosts costs;

	ChatController(ChatClient.Builder chatClientBuilder, CallCosts costs) {
		this.chatClient = chatClientBuilder.build();
		this.costs = costs;
	}

	@PostMapping(path = "/chat", consumes = MediaType.APPLICATION_JSON_VALUE,
			produces = MediaType.APPLICATION_JSON_VALUE)
	ChatReply chat(@RequestBody ChatRequest request) {
		request.validate();
		this.costs.clear();
		ChatResponse response = prompt(request).call().chatResponse();
		LlmCall call = this.costs.take();
		return new ChatReply(text(response), modelOf(response, call), call != null ? call.cost() : null);
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
		Flux<ServerSentEvent<Object>> deltas = prompt(request).stream()
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
		// tokenmeter records the stream as it completes, on the completing thread, just before this runs there.
		Mono<ServerSentEvent<Object>> done = Mono.fromSupplier(() -> {
			LlmCall call = this.costs.take();
			String answeredBy = model.get() != null ? model.get() : call != null ? call.model() : null;
			return ServerSentEvent.builder((Object) new Done(answeredBy, call != null ? call.cost() : null))
				.event("done")
				.build();
		});
		return deltas.concatWith(done);
	}

	private ChatClient.ChatClientRequestSpec prompt(ChatRequest request) {
		ChatClient.ChatClientRequestSpec spec = this.chatClient.prompt()
			.user(request.message())
			.advisors(advisor -> {
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

	private static String modelOf(ChatResponse response, LlmCall call) {
		String model = response != null ? response.getMetadata().getModel() : null;
		return model != null && !model.isEmpty() ? model : call != null ? call.model() : null;
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
