package io.tokenmeter.core.usage.internal;

import java.util.List;

import com.anthropic.models.messages.MessageDeltaUsage;
import com.anthropic.models.messages.Usage;
import com.google.genai.types.GenerateContentResponseUsageMetadata;
import com.openai.models.completions.CompletionUsage;
import io.tokenmeter.core.usage.TokenUsage;
import org.junit.jupiter.api.Test;
import org.springframework.ai.anthropic.AnthropicCacheOptions;
import org.springframework.ai.anthropic.AnthropicCacheStrategy;
import org.springframework.ai.anthropic.AnthropicCacheTtl;
import org.springframework.ai.anthropic.AnthropicChatOptions;
import org.springframework.ai.chat.messages.MessageType;
import org.springframework.ai.chat.messages.SystemMessage;
import org.springframework.ai.chat.messages.UserMessage;
import org.springframework.ai.chat.metadata.DefaultUsage;
import org.springframework.ai.chat.metadata.EmptyUsage;
import org.springframework.ai.chat.prompt.Prompt;

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

	@Test
	void openAiReasoningInsideCompletionIsNotAddedAgainWhenTheTotalIsPromptPlusCompletion() throws Exception {
		// o3: total_tokens = prompt + completion, so the 1,920 reasoning tokens are part of the 2,389.
		CompletionUsage usage = openAi("""
				{"prompt_tokens":1024,"completion_tokens":2389,"total_tokens":3413,
				 "prompt_tokens_details":{"cached_tokens":0,"audio_tokens":0},
				 "completion_tokens_details":{"reasoning_tokens":1920,"audio_tokens":0,
				   "accepted_prediction_tokens":0,"rejected_prediction_tokens":0}}""");

		TokenUsage tokens = new OpenAiUsageNormalizer().normalize(asSpringAiOpenAi(usage));

		assertThat(tokens).isEqualTo(TokenUsage.of(1024, 0, 0, 0, 2389, 1920));
		assertThat(tokens.total()).isEqualTo(usage.totalTokens());
	}

	// --- OpenAI-compatible servers through the same client (provider "openai"): told apart by their numbers.

	@Test
	void xAiReasoningOutsideCompletionTokensIsAddedToOutput() throws Exception {
		// grok-4: total_tokens 1,133 = 712 prompt + 9 completion + 412 reasoning; the answer itself is 9 tokens.
		CompletionUsage usage = openAi("""
				{"prompt_tokens":712,"completion_tokens":9,"total_tokens":1133,
				 "prompt_tokens_details":{"text_tokens":712,"audio_tokens":0,"image_tokens":0,"cached_tokens":640},
				 "completion_tokens_details":{"reasoning_tokens":412,"audio_tokens":0,
				   "accepted_prediction_tokens":0,"rejected_prediction_tokens":0},
				 "num_sources_used":0}""");

		TokenUsage tokens = new OpenAiUsageNormalizer().normalize(asSpringAiOpenAi(usage));

		assertThat(tokens).isEqualTo(TokenUsage.of(712 - 640, 640, 0, 0, 9 + 412, 412));
		assertThat(tokens.total()).isEqualTo(usage.totalTokens());
	}

	@Test
	void reasoningLargerThanCompletionIsNotAddedWhenTheTotalDoesNotSaySo() throws Exception {
		// total_tokens = prompt + completion: nothing beside the completion was counted, so nothing is added,
		// and the reasoning reported is capped at the output it is part of.
		CompletionUsage usage = openAi("""
				{"prompt_tokens":40,"completion_tokens":100,"total_tokens":140,
				 "completion_tokens_details":{"reasoning_tokens":250}}""");

		assertThat(new OpenAiUsageNormalizer().normalize(asSpringAiOpenAi(usage)))
			.isEqualTo(TokenUsage.of(40, 0, 0, 0, 100, 100));
	}

	@Test
	void openRouterCacheWriteTokensAreTakenOutOfThePromptAsFiveMinuteWrites() throws Exception {
		// anthropic/claude-sonnet-4 through OpenRouter: prompt_tokens 2,143 include the 2,048 written to the cache.
		CompletionUsage usage = openAi("""
				{"prompt_tokens":2143,"completion_tokens":187,"total_tokens":2330,"cost":0.01155,"is_byok":false,
				 "prompt_tokens_details":{"cached_tokens":0,"cache_write_tokens":2048,"audio_tokens":0},
				 "cost_details":{"upstream_inference_cost":null},
				 "completion_tokens_details":{"reasoning_tokens":0,"image_tokens":0}}""");

		TokenUsage tokens = new OpenAiUsageNormalizer().normalize(asSpringAiOpenAi(usage));

		assertThat(tokens).isEqualTo(TokenUsage.of(2143 - 2048, 0, 2048, 0, 187, 0));
		assertThat(tokens.totalInput()).isEqualTo(2143);
	}

	@Test
	void liteLlmCacheWritesReportedUnderTwoNamesAreCountedOnce() throws Exception {
		// LiteLLM proxy, Anthropic model: prompt_tokens 3,120 = 20 input + 2,048 read + 1,052 written, and each
		// cache count is sent twice (in prompt_tokens_details and at the top level).
		CompletionUsage usage = openAi("""
				{"prompt_tokens":3120,"completion_tokens":412,"total_tokens":3532,
				 "completion_tokens_details":{"reasoning_tokens":0,"text_tokens":412},
				 "prompt_tokens_details":{"cached_tokens":2048,"text_tokens":null,"image_tokens":null,
				   "cache_creation_tokens":1052,
				   "cache_creation_token_details":{"ephemeral_5m_input_tokens":1052,"ephemeral_1h_input_tokens":0}},
				 "cache_creation_input_tokens":1052,"cache_read_input_tokens":2048}""");

		TokenUsage tokens = new OpenAiUsageNormalizer().normalize(asSpringAiOpenAi(usage));

		assertThat(tokens).isEqualTo(TokenUsage.of(20, 2048, 1052, 0, 412, 0));
		assertThat(tokens.total()).isEqualTo(usage.totalTokens());
	}

	@Test
	void liteLlmOneHourCacheWritesAreSplitFromFiveMinuteWrites() throws Exception {
		CompletionUsage usage = openAi("""
				{"prompt_tokens":15050,"completion_tokens":503,"total_tokens":15553,
				 "prompt_tokens_details":{"cached_tokens":12000,"cache_creation_tokens":3000,
				   "cache_creation_token_details":{"ephemeral_5m_input_tokens":1000,"ephemeral_1h_input_tokens":2000}},
				 "cache_creation_input_tokens":3000,"cache_read_input_tokens":12000}""");

		assertThat(new OpenAiUsageNormalizer().normalize(asSpringAiOpenAi(usage)))
			.isEqualTo(TokenUsage.of(50, 12000, 1000, 2000, 503, 0));
	}

	@Test
	void deepSeekPromptCacheHitTokensAreCacheReads() throws Exception {
		// deepseek-chat: prompt_tokens = prompt_cache_hit_tokens + prompt_cache_miss_tokens, no cached_tokens.
		CompletionUsage usage = openAi("""
				{"prompt_tokens":1024,"completion_tokens":130,"total_tokens":1154,
				 "prompt_cache_hit_tokens":960,"prompt_cache_miss_tokens":64}""");

		TokenUsage tokens = new OpenAiUsageNormalizer().normalize(asSpringAiOpenAi(usage));

		assertThat(tokens).isEqualTo(TokenUsage.of(64, 960, 0, 0, 130, 0));
		assertThat(tokens.totalInput()).isEqualTo(1024);
	}

	@Test
	void deepSeekCacheHitsReportedAlsoAsCachedTokensAreCountedOnce() throws Exception {
		CompletionUsage usage = openAi("""
				{"prompt_tokens":1024,"completion_tokens":130,"total_tokens":1154,
				 "prompt_tokens_details":{"cached_tokens":960},
				 "prompt_cache_hit_tokens":960,"prompt_cache_miss_tokens":64}""");

		assertThat(new OpenAiUsageNormalizer().normalize(asSpringAiOpenAi(usage)))
			.isEqualTo(TokenUsage.of(64, 960, 0, 0, 130, 0));
	}

	@Test
	void cacheCountsLargerThanThePromptAreCappedSoNoBucketGoesNegative() throws Exception {
		// An inconsistent server: 80 read + 50 written out of a 100-token prompt. Reads first, writes get the rest.
		CompletionUsage usage = openAi("""
				{"prompt_tokens":100,"completion_tokens":5,"total_tokens":105,
				 "prompt_tokens_details":{"cached_tokens":80,"cache_write_tokens":50}}""");

		TokenUsage tokens = new OpenAiUsageNormalizer().normalize(asSpringAiOpenAi(usage));

		assertThat(tokens).isEqualTo(TokenUsage.of(0, 80, 20, 0, 5, 0));
		assertThat(tokens.totalInput()).isEqualTo(100);
	}

	@Test
	void countsThatAreNotNumbersAreIgnoredNotThrown() throws Exception {
		CompletionUsage usage = openAi("""
				{"prompt_tokens":30,"completion_tokens":12,"total_tokens":42,
				 "prompt_tokens_details":{"cached_tokens":0,"cache_write_tokens":"n/a"},
				 "completion_tokens_details":{"reasoning_tokens":"n/a"},
				 "prompt_cache_hit_tokens":{"tokens":8}}""");

		assertThat(new OpenAiUsageNormalizer().normalize(asSpringAiOpenAi(usage)))
			.isEqualTo(TokenUsage.of(30, 0, 0, 0, 12, 0));
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

		AnthropicUsageNormalizer normalizer = new AnthropicUsageNormalizer();

		assertThat(normalizer.normalize(asSpringAiAnthropic(usage))).isEqualTo(TokenUsage.of(10, 0, 400, 0, 20, 0));
		// Not silently: the response is counted (and warned about) as one whose split is unknown.
		assertThat(normalizer.unknownCacheWriteSplits()).isEqualTo(1);
	}

	@Test
	void anthropicResponsesWithTheSplitOrWithoutWritesAreNotCountedAsUnknown() throws Exception {
		AnthropicUsageNormalizer normalizer = new AnthropicUsageNormalizer();

		normalizer.normalize(asSpringAiAnthropic(anthropic("""
				{"input_tokens":50,"cache_creation_input_tokens":3000,"cache_read_input_tokens":0,
				 "cache_creation":{"ephemeral_5m_input_tokens":0,"ephemeral_1h_input_tokens":3000},
				 "output_tokens":503}""")));
		normalizer.normalize(asSpringAiAnthropic(anthropic("{\"input_tokens\":10,\"output_tokens\":20}")));
		normalizer.normalize(asSpringAiAnthropicStream(40, streamDelta("""
				{"input_tokens":40,"cache_creation_input_tokens":0,"cache_read_input_tokens":900,
				 "output_tokens":85}""")));

		assertThat(normalizer.unknownCacheWriteSplits()).isZero();
	}

	// --- Anthropic streams: message_delta has the writes but not their split (message_start has it, and Spring AI
	// does not pass message_start on); the request's cache options give it when all its breakpoints share a TTL.

	@Test
	void anthropicStreamWritesWithoutTheRequestAreFiveMinuteWritesCountedAsUnknown() throws Exception {
		AnthropicUsageNormalizer normalizer = new AnthropicUsageNormalizer();
		org.springframework.ai.chat.metadata.Usage usage = asSpringAiAnthropicStream(42, streamDelta("""
				{"input_tokens":42,"cache_creation_input_tokens":3000,"cache_read_input_tokens":0,
				 "output_tokens":85}"""));

		assertThat(normalizer.normalize(usage)).isEqualTo(TokenUsage.of(42, 0, 3000, 0, 85, 0));
		assertThat(normalizer.unknownCacheWriteSplits()).isEqualTo(1);
	}

	@Test
	void anthropicStreamWritesAreOneHourWritesWhenTheRequestCachedOnlyWithAOneHourTtl() throws Exception {
		AnthropicUsageNormalizer normalizer = new AnthropicUsageNormalizer();
		org.springframework.ai.chat.metadata.Usage usage = asSpringAiAnthropicStream(42, streamDelta("""
				{"input_tokens":42,"cache_creation_input_tokens":3000,"cache_read_input_tokens":0,
				 "output_tokens":85}"""));
		Prompt prompt = anthropicPrompt(AnthropicCacheOptions.builder()
			.strategy(AnthropicCacheStrategy.SYSTEM_ONLY)
			.messageTypeTtl(MessageType.SYSTEM, AnthropicCacheTtl.ONE_HOUR)
			.build());

		TokenUsage tokens = normalizer.normalize(AnthropicCacheWriteSplit.withRequestedTtl(usage, prompt));

		assertThat(tokens).isEqualTo(TokenUsage.of(42, 0, 0, 3000, 85, 0));
		assertThat(normalizer.unknownCacheWriteSplits()).isZero();
	}

	@Test
	void anthropicStreamWritesAreFiveMinuteWritesWhenTheRequestCachedOnlyWithTheDefaultTtl() throws Exception {
		AnthropicUsageNormalizer normalizer = new AnthropicUsageNormalizer();
		org.springframework.ai.chat.metadata.Usage usage = asSpringAiAnthropicStream(36, streamDelta("""
				{"input_tokens":36,"cache_creation_input_tokens":2048,"cache_read_input_tokens":1800,
				 "output_tokens":42}"""));
		Prompt prompt = anthropicPrompt(AnthropicCacheOptions.builder()
			.strategy(AnthropicCacheStrategy.SYSTEM_AND_TOOLS)
			.build());

		TokenUsage tokens = normalizer.normalize(AnthropicCacheWriteSplit.withRequestedTtl(usage, prompt));

		assertThat(tokens).isEqualTo(TokenUsage.of(36, 1800, 2048, 0, 42, 0));
		assertThat(normalizer.unknownCacheWriteSplits()).isZero();
	}

	@Test
	void anthropicStreamWritesStayUnknownWhenTheRequestsBreakpointsHaveTwoTtls() throws Exception {
		AnthropicUsageNormalizer normalizer = new AnthropicUsageNormalizer();
		org.springframework.ai.chat.metadata.Usage usage = asSpringAiAnthropicStream(42, streamDelta("""
				{"input_tokens":42,"cache_creation_input_tokens":3000,"cache_read_input_tokens":0,
				 "output_tokens":85}"""));
		// Conversation history: the system prompt (1 hour) and the last user message (5 minutes, the default).
		Prompt prompt = anthropicPrompt(AnthropicCacheOptions.builder()
			.strategy(AnthropicCacheStrategy.CONVERSATION_HISTORY)
			.messageTypeTtl(MessageType.SYSTEM, AnthropicCacheTtl.ONE_HOUR)
			.build());

		TokenUsage tokens = normalizer.normalize(AnthropicCacheWriteSplit.withRequestedTtl(usage, prompt));

		assertThat(tokens).isEqualTo(TokenUsage.of(42, 0, 3000, 0, 85, 0));
		assertThat(normalizer.unknownCacheWriteSplits()).isEqualTo(1);
	}

	@Test
	void anthropicStreamWritesStayUnknownWhenTheRequestAskedForNoCaching() throws Exception {
		AnthropicUsageNormalizer normalizer = new AnthropicUsageNormalizer();
		org.springframework.ai.chat.metadata.Usage usage = asSpringAiAnthropicStream(42, streamDelta("""
				{"input_tokens":42,"cache_creation_input_tokens":3000,"cache_read_input_tokens":0,
				 "output_tokens":85}"""));

		normalizer.normalize(AnthropicCacheWriteSplit.withRequestedTtl(usage,
				anthropicPrompt(AnthropicCacheOptions.disabled())));
		normalizer.normalize(AnthropicCacheWriteSplit.withRequestedTtl(usage, new Prompt("Hello")));

		assertThat(normalizer.unknownCacheWriteSplits()).isEqualTo(2);
	}

	@Test
	void usageOfOtherProvidersIsLeftAsItIsByTheAnthropicSplit() throws Exception {
		DefaultUsage openAi = asSpringAiOpenAi(openAi("{\"prompt_tokens\":10,\"completion_tokens\":2,\"total_tokens\":12}"));
		Prompt prompt = anthropicPrompt(AnthropicCacheOptions.builder()
			.strategy(AnthropicCacheStrategy.SYSTEM_ONLY)
			.messageTypeTtl(MessageType.SYSTEM, AnthropicCacheTtl.ONE_HOUR)
			.build());

		assertThat(AnthropicCacheWriteSplit.withRequestedTtl(openAi, prompt)).isSameAs(openAi);
		assertThat(AnthropicCacheWriteSplit.withRequestedTtl(null, prompt)).isNull();
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

	private static MessageDeltaUsage streamDelta(String json) throws Exception {
		return com.anthropic.core.ObjectMappers.jsonMapper().readValue(json, MessageDeltaUsage.class);
	}

	/**
	 * As Spring AI 2.0.1's AnthropicChatModel maps a stream's message_delta: prompt = message_start's input_tokens,
	 * the delta's cumulative cache counts, the MessageDeltaUsage as native usage.
	 */
	private static DefaultUsage asSpringAiAnthropicStream(int inputTokens, MessageDeltaUsage delta) {
		return new DefaultUsage(inputTokens, Math.toIntExact(delta.outputTokens()),
				inputTokens + Math.toIntExact(delta.outputTokens()), delta, delta.cacheReadInputTokens().orElse(null),
				delta.cacheCreationInputTokens().orElse(null));
	}

	/** A prompt with a system message, as a ChatClient builds it with Spring AI's Anthropic options. */
	private static Prompt anthropicPrompt(AnthropicCacheOptions cache) {
		return new Prompt(List.of(new SystemMessage("You are the support assistant of Acme Corp. ..."),
				new UserMessage("When do I get my refund?")),
				AnthropicChatOptions.builder().model("claude-sonnet-4-5").cacheOptions(cache).build());
	}

	/** As Spring AI's Google GenAI model maps it: completion = candidatesTokenCount. */
	private static DefaultUsage asSpringAiGemini(GenerateContentResponseUsageMetadata usage) {
		return new DefaultUsage(usage.promptTokenCount().orElse(0), usage.candidatesTokenCount().orElse(0),
				usage.totalTokenCount().orElse(null), usage, usage.cachedContentTokenCount().map(Long::valueOf).orElse(null),
				null);
	}

}
