package io.tokenmeter.benchmarks;

import io.micrometer.observation.ObservationRegistry;
import org.springframework.ai.chat.model.ChatModel;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.observation.ChatModelObservationContext;
import org.springframework.ai.chat.observation.ChatModelObservationConvention;
import org.springframework.ai.chat.observation.ChatModelObservationDocumentation;
import org.springframework.ai.chat.observation.DefaultChatModelObservationConvention;
import org.springframework.ai.chat.prompt.ChatOptions;
import org.springframework.ai.chat.prompt.Prompt;
import org.springframework.ai.observation.conventions.AiProvider;

/**
 * The {@link OpenAiLikeChatModel} stub wrapped in Spring AI's chat-model observation exactly as Spring AI's own
 * models wrap every call ({@code gen_ai.client.operation}, response set on the context before it stops), so the
 * model-level metering path, which listens to that observation, can be measured against the observation alone.
 */
public final class ObservingChatModel implements ChatModel {

	private static final ChatModelObservationConvention CONVENTION = new DefaultChatModelObservationConvention();

	private final ChatModel delegate;

	private final ObservationRegistry registry;

	public ObservingChatModel(ChatModel delegate, ObservationRegistry registry) {
		this.delegate = delegate;
		this.registry = registry;
	}

	@Override
	public ChatResponse call(Prompt prompt) {
		Prompt withOptions = prompt.getOptions() != null ? prompt
				: new Prompt(prompt.getInstructions(), this.delegate.getDefaultOptions());
		ChatModelObservationContext context = ChatModelObservationContext.builder()
			.prompt(withOptions)
			.provider(AiProvider.OPENAI.value())
			.build();
		return ChatModelObservationDocumentation.CHAT_MODEL_OPERATION
			.observation(null, CONVENTION, () -> context, this.registry)
			.observe(() -> {
				ChatResponse response = this.delegate.call(withOptions);
				context.setResponse(response);
				return response;
			});
	}

	@Override
	public ChatOptions getDefaultOptions() {
		return this.delegate.getDefaultOptions();
	}

}
