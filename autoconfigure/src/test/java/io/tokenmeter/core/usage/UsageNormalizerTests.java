package io.tokenmeter.core.usage;

import com.anthropic.models.messages.Usage;
import com.google.genai.types.GenerateContentResponseUsageMetadata;
import com.openai.models.completions.CompletionUsage;
import org.junit.jupiter.api.Test;
import org.springframework.ai.chat.metadata.DefaultUsage;
import org.springframework.ai.chat.metadata.EmptyUsage;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each provider's usage report, as its API sends it (parsed by the provider's own SDK) and as Spring AI's client
 * maps it onto {@code Usage}, normalized into disjoint buckets. Double-counted cache tokens and lost reasoning
 * tokens are the usual bugs of this field; each test pins one of them.
 */
class UsageNormalizerTests {

	// --- OpenAI: prompt_tokens INCLUDES cached_tokens; completion_tokens INCLUDES reasoning_tokens.

	@Test
	void openAiCachedTokensAreTakenOutOfThePromptNotAddedToIt() throws Exception {
		CompletionUsage usage = openAi("""
				{"prompt_tokens":2006,"completion_tokens":300,"total_tokens":2306,
				 "prompt_tokens_details":{"cached_tokens":1920,"audio_tokens":0},
				 "completion_tokens_details":{"reasoning_tokens":0,"audio_tokens":0,
				   "accepted_prediction_tokens":0,"rejected_prediction_tokens":0}}""");

		TokenUsage tokens = new OpenAiUsageNormalizer().normalize(asSpringAiOpenAi(usage));

		assertThat(tokens).isEqualTo(TokenUsage.of(2006 - 1920, 1920, 0, 0, 300, 0));
		assertThat(tokens.totalInput()).isEqualTo(2006);
		assertThat(tokens.total()).isEqualTo(usage.totalTokens());
	}

	@Test
	void openAiReasoningTokensStayInsideOutput() throws Exception {
		CompletionUsage usage = openAi("""
				{"prompt_tokens":75,"completion_tokens":1186,"total_tokens":1261,
				 "prompt_tokens_details":{"cached_tokens":0,"audio_tokens":0},
				 "completion_tokens_details":{"reasoning_tokens":1024,"audio_tokens":0,
				   "accepted_prediction_tokens":0,"rejected_prediction_tokens":0}}""");

		TokenUsage tokens = new OpenAiUsageNormalizer().normalize(asSpringAiOpenAi(usage));

		assertThat(tokens.output()).isEqualTo(1186);
		assertThat(tokens.reasoning()).isEqualTo(1024);
		assertThat(tokens.total()).isEqualTo(1261);
	}

	@Test
	void openAiUsageWithoutDetailsIsPlainInputAndOutput() throws Exception {
		CompletionUsage usage = openAi("{\"prompt_tokens\":19,\"completion_tokens\":10,\"total_tokens\":29}");

		assertThat(new OpenAiUsageNormalizer().normalize(asSpringAiOpenAi(usage)))
			.isEqualTo(TokenUsage.of(19, 0, 0, 0, 10, 0));
	}

	@Test
	void openAiStreamContentChunkUsageOfZeroIsNoReport() {
		assertThat(new OpenAiUsageNormalizer().normalize(new DefaultUsage(0, 0))).isEqualTo(TokenUsage.MISSING);
		assertThat(new OpenAiUsageNormalizer().normalize(new EmptyUsage())).isEqualTo(TokenUsage.MISSING);
	}

	// --- Anthropic: input_tokens EXCLUDES cache reads and cache writes; writes split into 5m and 1h.

	@Test
	void anthropicCacheReadsAndWritesAreAddedToInputNotSubtracted() throws Exception {
		Usage usage = anthropic("""
				{"input_tokens":21,"cache_creation_input_tokens":188086,"cache_read_input_tokens":0,
				 "cache_creation":{"ephemeral_5m_input_tokens":188086,"ephemeral_1h_input_tokens":0},
				 "output_tokens":393,"service_tier":"standard"}""");

		TokenUsage tokens = new AnthropicUsageNormalizer().normalize(asSpringAiAnthropic(usage));

		assertThat(tokens).isEqualTo(TokenUsage.of(21, 0, 188086, 0, 393, 0));
		assertThat(tokens.totalInput()).isEqualTo(21 + 188086);
	}

	@Test
	void anthropicOneHourCacheWritesAreSplitFromFiveMinuteWrites() throws Exception {
		Usage usage = anthropic("""
				{"input_tokens":50,"cache_creation_input_tokens":3000,"cache_read_input_tokens":12000,
				 "cache_creation":{"ephemeral_5m_input_tokens":1000,"ephemeral_1h_input_tokens":2000},
				 "output_tokens":503,"service_tier":"standard"}""");

		TokenUsage tokens = new AnthropicUsageNormalizer().normalize(asSpringAiAnthropic(usage));

		assertThat(tokens).isEqualTo(TokenUsage.of(50, 12000, 1000, 2000, 503, 0));
	}

	@Test
	void anthropicCacheWritesWithoutTheTtlSplitAreFiveMinuteWrites() throws Exception {
		Usage usage = anthropic("""
				{"input_tokens":10,"cache_creation_input_tokens":400,"cache_read_input_tokens":0,
				 "output_tokens":20}""");

		assertThat(new AnthropicUsageNormalizer().normalize(asSpringAiAnthropic(usage)))
			.isEqualTo(TokenUsage.of(10, 0, 400, 0, 20, 0));
	}

	// --- Gemini: thoughts are billed as output but NOT in candidatesTokenCount; cached content is in the prompt.

	@Test
	void geminiThoughtTokensAreAddedToOutputAsReasoning() {
		GenerateContentResponseUsageMetadata usage = GenerateContentResponseUsageMetadata.fromJson("""
				{"promptTokenCount":12,"candidatesTokenCount":387,"thoughtsTokenCount":1114,
				 "totalTokenCount":1513}""");

		TokenUsage tokens = new GeminiUsageNormalizer().normalize(asSpringAiGemini(usage));

		assertThat(tokens).isEqualTo(TokenUsage.of(12, 0, 0, 0, 387 + 1114, 1114));
		assertThat(tokens.total()).isEqualTo(usage.totalTokenCount().get().longValue());
	}

	@Test
	void geminiCachedContentIsTakenOutOfThePrompt() {
		GenerateContentResponseUsageMetadata usage = GenerateContentResponseUsageMetadata.fromJson("""
				{"promptTokenCount":70000,"cachedContentTokenCount":65000,"candidatesTokenCount":200,
				 "totalTokenCount":70200}""");

		assertThat(new GeminiUsageNormalizer().normalize(asSpringAiGemini(usage)))
			.isEqualTo(TokenUsage.of(5000, 65000, 0, 0, 200, 0));
	}

	// --- Ollama and others: counts only.

	@Test
	void countsOnlyProvidersUsePromptAndCompletionAndNeverInventUsage() {
		CountsOnlyUsageNormalizer normalizer = new CountsOnlyUsageNormalizer();

		assertThat(normalizer.normalize(new DefaultUsage(26, 298))).isEqualTo(TokenUsage.of(26, 0, 0, 0, 298, 0));
		assertThat(normalizer.normalize(new EmptyUsage())).isEqualTo(TokenUsage.MISSING);
		assertThat(new UsageNormalizers(java.util.Map.of(), normalizer).normalize("ollama", null))
			.isEqualTo(TokenUsage.MISSING);
	}

	@Test
	void providersAreToldApartByTheirNativeClasses() throws Exception {
		assertThat(ProviderDetector.providerOf(openAi("{\"prompt_tokens\":1,\"completion_tokens\":1,\"total_tokens\":2}")))
			.isEqualTo("openai");
		assertThat(ProviderDetector.providerOf(anthropic("{\"input_tokens\":1,\"output_tokens\":1}")))
			.isEqualTo("anthropic");
		assertThat(ProviderDetector.providerOf(GenerateContentResponseUsageMetadata.fromJson("{}"))).isEqualTo("google");
		assertThat(ProviderDetector.providerOf("a string")).isEqualTo(ProviderDetector.UNKNOWN);
		assertThat(ProviderDetector.providerOf(null)).isEqualTo(ProviderDetector.UNKNOWN);
	}

	private static CompletionUsage openAi(String json) throws Exception {
		return com.openai.core.ObjectMappers.jsonMapper().readValue(json, CompletionUsage.class);
	}

	private static Usage anthropic(String json) throws Exception {
		return com.anthropic.core.ObjectMappers.jsonMapper().readValue(json, Usage.class);
	}

	/** As Spring AI 2.0.1's OpenAiChatModel#getDefaultUsage maps it. */
	private static DefaultUsage asSpringAiOpenAi(CompletionUsage usage) {
		Long cached = usage.promptTokensDetails().flatMap(CompletionUsage.PromptTokensDetails::cachedTokens).orElse(null);
		return new DefaultUsage(Math.toIntExact(usage.promptTokens()), Math.toIntExact(usage.completionTokens()),
				Math.toIntExact(usage.totalTokens()), usage, cached, null);
	}

	/** As Spring AI's AnthropicChatModel maps it: prompt = input_tokens, cache counts alongside. */
	private static DefaultUsage asSpringAiAnthropic(Usage usage) {
		return new DefaultUsage(Math.toIntExact(usage.inputTokens()), Math.toIntExact(usage.outputTokens()), null,
				usage, usage.cacheReadInputTokens().orElse(null), usage.cacheCreationInputTokens().orElse(null));
	}

	/** As Spring AI's Google GenAI model maps it: completion = candidatesTokenCount. */
	private static DefaultUsage asSpringAiGemini(GenerateContentResponseUsageMetadata usage) {
		return new DefaultUsage(usage.promptTokenCount().orElse(0), usage.candidatesTokenCount().orElse(0),
				usage.totalTokenCount().orElse(null), usage, usage.cachedContentTokenCount().map(Long::valueOf).orElse(null),
				null);
	}

}
