package io.tokenmeter.core.usage.internal;

import com.openai.models.completions.CompletionUsage;
import org.junit.jupiter.api.Test;
import org.springframework.ai.anthropic.AnthropicChatOptions;
import org.springframework.ai.openai.OpenAiChatOptions;

import static org.assertj.core.api.Assertions.assertThat;

class LastProviderOfClassTests {

	private final LastProviderOfClass providers = new LastProviderOfClass();

	@Test
	void answersAsProviderDetectorDoesWhateverClassCameBefore() {
		Object[] objects = { OpenAiChatOptions.builder().build(), AnthropicChatOptions.builder().build(),
				CompletionUsage.builder().promptTokens(1).completionTokens(1).totalTokens(2).build(), "not a provider",
				OpenAiChatOptions.builder().build() };
		for (int round = 0; round < 3; round++) {
			for (Object object : objects) {
				assertThat(this.providers.providerOf(object)).isEqualTo(ProviderDetector.providerOf(object));
			}
		}
	}

	@Test
	void nothingIsUnknown() {
		this.providers.providerOf(OpenAiChatOptions.builder().build());

		assertThat(this.providers.providerOf(null)).isEqualTo(ProviderDetector.UNKNOWN);
	}

}
