package io.tokenmeter.benchmarks;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.openai.models.completions.CompletionUsage;
import org.springframework.ai.chat.messages.AssistantMessage;
import org.springframework.ai.chat.metadata.ChatGenerationMetadata;
import org.springframework.ai.chat.metadata.ChatResponseMetadata;
import org.springframework.ai.chat.metadata.DefaultUsage;
import org.springframework.ai.chat.model.ChatModel;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.model.Generation;
import org.springframework.ai.chat.prompt.ChatOptions;
import org.springframework.ai.chat.prompt.Prompt;
import org.springframework.ai.openai.OpenAiChatOptions;
import reactor.core.publisher.Flux;

/**
 * A {@link ChatModel} that answers instantly with what Spring AI's OpenAI client would have built from a real
 * response, so a benchmark measures the {@code ChatClient} and the advisors around the model, not a network.
 *
 * <p>The call answers as {@code gpt-4o-2024-08-06} (the dated snapshot OpenAI reports for {@code gpt-4o}) with
 * 1,200 prompt tokens of which 800 cached and 350 completion tokens of which 128 reasoning, carried in the SDK's
 * native {@link CompletionUsage}, exactly where the OpenAI client puts them. The stream emits
 * {@value #STREAM_CONTENT_CHUNKS} content chunks, each with an empty 0/0 usage as the OpenAI client stamps them,
 * the last one with finish reason {@code STOP}, then one final chunk without choices that carries the usage.
 *
 * <p>Responses are built once: the model does no work per call, so everything measured is the caller's side.
 */
public final class OpenAiLikeChatModel implements ChatModel {

	/** The model the application asks for. */
	public static final String REQUESTED_MODEL = "gpt-4o";

	/** The model OpenAI says answered. */
	public static final String RESPONSE_MODEL = "gpt-4o-2024-08-06";

	/** Content chunks of a streamed answer; a final usage chunk follows them. */
	public static final int STREAM_CONTENT_CHUNKS = 500;

	private static final String ID = "chatcmpl-B9MBs8CjcvOU2jLn4n570S5qMJKcT";

	private static final CompletionUsage NATIVE_USAGE = CompletionUsage.builder()
		.promptTokens(1200)
		.completionTokens(350)
		.totalTokens(1550)
		.promptTokensDetails(CompletionUsage.PromptTokensDetails.builder().cachedTokens(800).audioTokens(0).build())
		.completionTokensDetails(CompletionUsage.CompletionTokensDetails.builder()
			.reasoningTokens(128)
			.audioTokens(0)
			.acceptedPredictionTokens(0)
			.rejectedPredictionTokens(0)
			.build())
		.build();

	private static final CompletionUsage EMPTY_NATIVE_USAGE = CompletionUsage.builder()
		.promptTokens(0)
		.completionTokens(0)
		.totalTokens(0)
		.build();

	private final OpenAiChatOptions options = OpenAiChatOptions.builder().model(REQUESTED_MODEL).build();

	private final ChatResponse response = response(
			"Annual plans can be refunded in full within 30 days of purchase; after that, the unused months are "
					+ "credited to your account. To start a refund, open Billing > Plans and choose Cancel plan.",
			"STOP", usage());

	private final List<ChatResponse> chunks = streamChunks();

	@Override
	public ChatResponse call(Prompt prompt) {
		return this.response;
	}

	@Override
	public Flux<ChatResponse> stream(Prompt prompt) {
		return Flux.fromIterable(this.chunks);
	}

	@Override
	public ChatOptions getOptions() {
		return this.options;
	}

	/** The answer to every call. */
	ChatResponse response() {
		return this.response;
	}

	/** The chunks of every stream: content chunks, then the usage chunk. */
	List<ChatResponse> chunks() {
		return this.chunks;
	}

	/** How Spring AI's OpenAI client maps the SDK's usage (OpenAiChatModel#getDefaultUsage). */
	private static DefaultUsage usage() {
		return new DefaultUsage(1200, 350, 1550, NATIVE_USAGE, 800L, null);
	}

	private static List<ChatResponse> streamChunks() {
		List<ChatResponse> chunks = new ArrayList<>(STREAM_CONTENT_CHUNKS + 1);
		DefaultUsage empty = new DefaultUsage(0, 0, 0, EMPTY_NATIVE_USAGE, null, null);
		for (int i = 0; i < STREAM_CONTENT_CHUNKS; i++) {
			String finishReason = i == STREAM_CONTENT_CHUNKS - 1 ? "STOP" : null;
			chunks.add(response(i == 0 ? "Annual" : " token" + (i % 10), finishReason, empty));
		}
		// OpenAI's last chunk: no choices, the real usage (stream_options.include_usage).
		chunks.add(new ChatResponse(List.of(), metadata(usage())));
		return List.copyOf(chunks);
	}

	private static ChatResponse response(String text, String finishReason, DefaultUsage usage) {
		Map<String, Object> properties = new LinkedHashMap<>();
		properties.put("id", ID);
		properties.put("role", "assistant");
		properties.put("index", 0L);
		properties.put("finishReason", finishReason == null ? "" : finishReason.toLowerCase());
		properties.put("refusal", "");
		properties.put("annotations", List.of());
		AssistantMessage message = AssistantMessage.builder().content(text).properties(properties).build();
		Generation generation = new Generation(message,
				ChatGenerationMetadata.builder().finishReason(finishReason).build());
		return new ChatResponse(List.of(generation), metadata(usage));
	}

	private static ChatResponseMetadata metadata(DefaultUsage usage) {
		return ChatResponseMetadata.builder()
			.id(ID)
			.model(RESPONSE_MODEL)
			.usage(usage)
			.keyValue("created", 1727176740L)
			.keyValue("system_fingerprint", "fp_7568d46099")
			.build();
	}

}
