package io.tokenmeter.sample.demo;

import java.time.Duration;
import java.util.List;

import com.openai.models.completions.CompletionUsage;
import org.junit.jupiter.api.Test;
import org.springframework.ai.chat.metadata.Usage;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.prompt.ChatOptions;
import org.springframework.ai.chat.prompt.Prompt;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The demo model reports usage the way each provider's Spring AI client does (the provider's native usage type, its
 * own split of cached and thinking tokens), so tokenmeter reads it unchanged; that it is priced by those buckets is
 * {@code ChatApiTests}' part, through the application's public endpoints.
 */
class DemoChatModelTests {

	private final DemoChatModel model = new DemoChatModel(Duration.ZERO, Duration.ZERO);

	@Test
	void openAiModelsReportOpenAiUsageWithCachedTokensInsideThePrompt() {
		// "Hello there" is 11 characters: ⌈11 / 4⌉ = 3 prompt-text tokens.
		ChatResponse response = this.model.call(prompt("Hello there", "gpt-4o"));

		Usage usage = response.getMetadata().getUsage();
		assertThat(response.getMetadata().getModel()).isEqualTo("gpt-4o-2024-08-06");
		assertThat(usage.getNativeUsage()).isInstanceOf(CompletionUsage.class);
		assertThat(usage.getPromptTokens()).isEqualTo(1203);
		assertThat(usage.getCacheReadInputTokens()).isEqualTo(1024L);
		assertThat(usage.getCompletionTokens()).isEqualTo(67);
	}

	@Test
	void claudeReportsAnthropicUsageWithCacheReadsOutsideThePromptAndThinkingInOutput() {
		ChatResponse response = this.model.call(prompt("Hello there", "claude-sonnet-4-5"));

		Usage usage = response.getMetadata().getUsage();
		assertThat(response.getMetadata().getModel()).isEqualTo("claude-sonnet-4-5-20250929");
		assertThat(usage.getNativeUsage()).isInstanceOf(com.anthropic.models.messages.Usage.class);
		assertThat(usage.getPromptTokens()).isEqualTo(179);
		assertThat(usage.getCacheReadInputTokens()).isEqualTo(1024L);
		assertThat(usage.getCompletionTokens()).isEqualTo(67 + 96);
	}

	@Test
	void streamEndsWithAChunkWithoutChoicesThatCarriesTheUsage() {
		List<ChatResponse> chunks = this.model.stream(prompt("Hello there", "gpt-4o-mini")).collectList().block();

		assertThat(chunks).hasSizeGreaterThan(2);
		List<ChatResponse> content = chunks.subList(0, chunks.size() - 1);
		assertThat(content).allSatisfy(chunk -> {
			assertThat(chunk.getResults()).hasSize(1);
			assertThat(chunk.getMetadata().getUsage().getPromptTokens()).isZero();
			assertThat(chunk.getMetadata().getModel()).isEqualTo("gpt-4o-mini-2024-07-18");
		});
		assertThat(content.get(content.size() - 1).getResult().getMetadata().getFinishReason()).isEqualTo("STOP");
		ChatResponse last = chunks.get(chunks.size() - 1);
		assertThat(last.getResults()).isEmpty();
		assertThat(last.getMetadata().getUsage().getPromptTokens()).isEqualTo(1203);
		assertThat(last.getMetadata().getUsage().getNativeUsage()).isInstanceOf(CompletionUsage.class);
	}

	@Test
	void streamedTextIsTheAnswerOfACall() {
		String called = this.model.call(prompt("Hello there", "gpt-4o")).getResult().getOutput().getText();
		StringBuilder streamed = new StringBuilder();
		this.model.stream(prompt("Hello there", "gpt-4o"))
			.filter(chunk -> chunk.getResult() != null)
			.doOnNext(chunk -> streamed.append(chunk.getResult().getOutput().getText()))
			.blockLast();

		assertThat(streamed).hasToString(called);
	}

	@Test
	void aModelOutsideTheDemoSetAnswersUnderItsOwnName() {
		ChatResponse response = this.model.call(prompt("Hello there", "my-local-llm"));

		assertThat(response.getMetadata().getModel()).isEqualTo("my-local-llm");
		assertThat(response.getMetadata().getUsage().getNativeUsage()).isInstanceOf(CompletionUsage.class);
	}

	@Test
	void aRequestWithoutAModelIsRoutedByItsText() {
		assertThat(answeredBy("Hi")).isEqualTo("gpt-4o-mini-2024-07-18");
		assertThat(answeredBy("Explain step by step")).isEqualTo("claude-sonnet-4-5-20250929");
		assertThat(answeredBy("x".repeat(81))).isEqualTo("gpt-4o-2024-08-06");
	}

	private String answeredBy(String message) {
		return this.model.call(new Prompt(message)).getMetadata().getModel();
	}

	private static Prompt prompt(String message, String model) {
		return new Prompt(message, ChatOptions.builder().model(model).build());
	}

}
