package io.tokenmeter.sample.demo;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.contextpropagation.ObservationThreadLocalAccessor;
import org.springframework.ai.chat.messages.AssistantMessage;
import org.springframework.ai.chat.metadata.ChatGenerationMetadata;
import org.springframework.ai.chat.metadata.ChatResponseMetadata;
import org.springframework.ai.chat.metadata.EmptyUsage;
import org.springframework.ai.chat.model.ChatModel;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.model.Generation;
import org.springframework.ai.chat.model.MessageAggregator;
import org.springframework.ai.chat.observation.ChatModelObservationContext;
import org.springframework.ai.chat.observation.ChatModelObservationConvention;
import org.springframework.ai.chat.observation.ChatModelObservationDocumentation;
import org.springframework.ai.chat.observation.DefaultChatModelObservationConvention;
import org.springframework.ai.chat.prompt.ChatOptions;
import org.springframework.ai.chat.prompt.Prompt;
import reactor.core.publisher.Flux;

/**
 * A chat model that needs no API key: it answers deterministically, as {@code gpt-4o}, {@code gpt-4o-mini} or
 * {@code claude-sonnet-4-5}, with the usage those providers would report (see {@link DemoUsage}). It behaves like a
 * provider's model towards everything above it: the response names the dated model snapshot that answered, usage
 * carries the provider SDK's native usage object, and streams end with a chunk without choices that carries the
 * usage, as OpenAI's do; each call and stream is observed as Spring AI's models observe theirs (the chat-model
 * observation, so the tracing profile shows a "chat ..." span per call). Nothing in tokenmeter knows about it.
 *
 * <p>The model is the one the request names; a request that names none is routed by its text: a message asking
 * for reasoning ("step by step", "think", "why") goes to {@code claude-sonnet-4-5}, a short one (up to
 * {@value #SHORT_MESSAGE_CHARACTERS} characters) to {@code gpt-4o-mini}, anything else to {@code gpt-4o}.
 */
public final class DemoChatModel implements ChatModel {

	static final int SHORT_MESSAGE_CHARACTERS = 80;

	private static final String[] REASONING_HINTS = { "step by step", "think", "why" };

	private final AtomicLong ids = new AtomicLong();

	private final Duration firstTokenDelay;

	private final Duration chunkDelay;

	private static final ChatModelObservationConvention CONVENTION = new DefaultChatModelObservationConvention();

	private final ObservationRegistry observations;

	/**
	 * @param firstTokenDelay simulated time before the first token
	 * @param chunkDelay simulated time between streamed chunks (a call waits for all of them)
	 */
	public DemoChatModel(Duration firstTokenDelay, Duration chunkDelay) {
		this(firstTokenDelay, chunkDelay, ObservationRegistry.NOOP);
	}

	/** @param observations where its chat-model observations go, as a Spring AI model's do */
	public DemoChatModel(Duration firstTokenDelay, Duration chunkDelay, ObservationRegistry observations) {
		this.firstTokenDelay = firstTokenDelay;
		this.chunkDelay = chunkDelay;
		this.observations = observations;
	}

	@Override
	public ChatOptions getOptions() {
		return ChatOptions.builder().build();
	}

	@Override
	public ChatResponse call(Prompt prompt) {
		ChatModelObservationContext context = observationContext(prompt, false);
		return ChatModelObservationDocumentation.CHAT_MODEL_OPERATION
			.observation(null, CONVENTION, () -> context, this.observations)
			.observe(() -> {
				ChatResponse response = answerCall(prompt);
				context.setResponse(response);
				return response;
			});
	}

	/** As Spring AI's models stream: observed from subscription to the last chunk, the aggregate set on completion. */
	@Override
	public Flux<ChatResponse> stream(Prompt prompt) {
		ChatModelObservationContext context = observationContext(prompt, true);
		Flux<ChatResponse> observed = Flux.deferContextual(view -> {
			Observation observation = ChatModelObservationDocumentation.CHAT_MODEL_OPERATION.observation(null,
					CONVENTION, () -> context, this.observations);
			observation.parentObservation(view.getOrDefault(ObservationThreadLocalAccessor.KEY, null)).start();
			return answerStream(prompt).doOnError(observation::error)
				.doFinally(signal -> observation.stop())
				.contextWrite(reactor -> reactor.put(ObservationThreadLocalAccessor.KEY, observation));
		});
		return new MessageAggregator().aggregate(observed, context::setResponse);
	}

	private static ChatModelObservationContext observationContext(Prompt prompt, boolean streaming) {
		return ChatModelObservationContext.builder()
			.prompt(prompt)
			.provider(providerOf(modelOf(prompt)))
			.streaming(streaming)
			.build();
	}

	/** The model the request names, else the one its text is routed to. */
	private static String modelOf(Prompt prompt) {
		String requested = prompt.getOptions() != null ? prompt.getOptions().getModel() : null;
		return requested != null && !requested.isBlank() ? requested : route(prompt);
	}

	private static String providerOf(String model) {
		return model.startsWith("claude") ? "anthropic" : "openai";
	}

	private ChatResponse answerCall(Prompt prompt) {
		Answer answer = answer(prompt);
		sleep(this.firstTokenDelay.plus(this.chunkDelay.multipliedBy(answer.chunks().size())));
		Generation generation = new Generation(new AssistantMessage(answer.text()),
				ChatGenerationMetadata.builder().finishReason("STOP").build());
		return new ChatResponse(List.of(generation), answer.metadata(answer.usage().toSpringAiUsage()));
	}

	private Flux<ChatResponse> answerStream(Prompt prompt) {
		return Flux.defer(() -> {
			Answer answer = answer(prompt);
			List<String> chunks = answer.chunks();
			List<ChatResponse> responses = new ArrayList<>(chunks.size() + 1);
			for (int i = 0; i < chunks.size(); i++) {
				ChatGenerationMetadata metadata = i == chunks.size() - 1
						? ChatGenerationMetadata.builder().finishReason("STOP").build() : ChatGenerationMetadata.NULL;
				responses.add(new ChatResponse(List.of(new Generation(new AssistantMessage(chunks.get(i)), metadata)),
						answer.metadata(new EmptyUsage())));
			}
			responses.add(new ChatResponse(List.of(), answer.metadata(answer.usage().toSpringAiUsage())));
			Flux<ChatResponse> paced = Flux.fromIterable(responses);
			if (!this.chunkDelay.isZero()) {
				paced = paced.delayElements(this.chunkDelay);
			}
			return this.firstTokenDelay.isZero() ? paced : paced.delaySubscription(this.firstTokenDelay);
		});
	}

	private Answer answer(Prompt prompt) {
		String text = prompt.getContents();
		String model = modelOf(prompt);
		String provider = providerOf(model);
		DemoUsage usage = DemoUsage.forPrompt(provider, text.length());
		String reply = "This is tokenmeter's demo model answering as " + model + ". You wrote "
				+ text.length() + " characters, so this answer used "
				+ (usage.uncachedInput() + usage.cachedInput()) + " prompt tokens (" + usage.cachedInput()
				+ " from the cache) and " + usage.output() + " output tokens. Run with --spring.profiles.active=openai"
				+ " for a real model.";
		String prefix = provider.equals("anthropic") ? "msg_demo_" : "chatcmpl-demo-";
		return new Answer(prefix + this.ids.incrementAndGet(), snapshotOf(model), reply, usage);
	}

	private static String route(Prompt prompt) {
		String message = prompt.getUserMessage() != null ? prompt.getUserMessage().getText() : null;
		if (message == null) {
			message = "";
		}
		String lower = message.toLowerCase(Locale.ROOT);
		for (String hint : REASONING_HINTS) {
			if (lower.contains(hint)) {
				return "claude-sonnet-4-5";
			}
		}
		return message.length() <= SHORT_MESSAGE_CHARACTERS ? "gpt-4o-mini" : "gpt-4o";
	}

	/** The dated snapshot a provider names in its response for an alias. */
	private static String snapshotOf(String model) {
		return switch (model) {
			case "gpt-4o" -> "gpt-4o-2024-08-06";
			case "gpt-4o-mini" -> "gpt-4o-mini-2024-07-18";
			case "claude-sonnet-4-5" -> "claude-sonnet-4-5-20250929";
			default -> model;
		};
	}

	private static void sleep(Duration duration) {
		if (duration.isZero()) {
			return;
		}
		try {
			Thread.sleep(duration.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private record Answer(String id, String model, String text, DemoUsage usage) {

		ChatResponseMetadata metadata(org.springframework.ai.chat.metadata.Usage usage) {
			return ChatResponseMetadata.builder().id(this.id).model(this.model).usage(usage).build();
		}

		/** The answer in word-sized chunks, spaces kept, as a provider streams it. */
		List<String> chunks() {
			List<String> chunks = new ArrayList<>();
			int start = 0;
			for (int i = 1; i <= this.text.length(); i++) {
				if (i == this.text.length() || this.text.charAt(i) == ' ') {
					chunks.add(this.text.substring(start, i));
					start = i;
				}
			}
			return chunks;
		}

	}

}
