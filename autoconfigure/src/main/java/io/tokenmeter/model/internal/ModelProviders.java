package io.tokenmeter.model.internal;

import io.tokenmeter.core.usage.internal.ProviderDetector;
import org.springframework.ai.model.ModelOptions;
import org.springframework.ai.observation.AiOperationMetadata;

/**
 * The provider of a model-level call: from the request options' class, as the advisor tells it, else from the
 * provider name Spring AI's observation carries (its {@code AiProvider} values), in tokenmeter's names.
 */
final class ModelProviders {

	private ModelProviders() {
	}

	static String of(ModelOptions options, AiOperationMetadata metadata) {
		String provider = ProviderDetector.providerOf(options);
		if (!ProviderDetector.UNKNOWN.equals(provider) || metadata == null || metadata.provider() == null) {
			return provider;
		}
		return switch (metadata.provider()) {
			case "google_genai", "vertex_ai" -> "google";
			case "mistral_ai" -> "mistral";
			case "bedrock_converse" -> "bedrock";
			default -> metadata.provider();
		};
	}

}
