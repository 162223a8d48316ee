package io.tokenmeter.core.usage.internal;

/**
 * Names the provider of a call from the classes Spring AI hands us: the native usage object of the response
 * or the options class of the request. Both are SDK or model-module classes whose package says who made them.
 * The answer is cached per class ({@link ClassValue}), so a call costs one lookup, not a string scan.
 */
public final class ProviderDetector {

	public static final String UNKNOWN = "unknown";

	private static final String[][] PACKAGE_PREFIXES = { { "com.openai.", "openai" },
			{ "org.springframework.ai.openai.", "openai" }, { "org.springframework.ai.azure.openai.", "azure-openai" },
			{ "com.anthropic.", "anthropic" }, { "org.springframework.ai.anthropic.", "anthropic" },
			{ "com.google.genai.", "google" }, { "org.springframework.ai.google.", "google" },
			{ "org.springframework.ai.vertexai.", "google" }, { "org.springframework.ai.ollama.", "ollama" },
			{ "org.springframework.ai.mistralai.", "mistral" }, { "org.springframework.ai.bedrock.", "bedrock" },
			{ "software.amazon.awssdk.services.bedrockruntime.", "bedrock" },
			{ "org.springframework.ai.deepseek.", "deepseek" }, { "org.springframework.ai.minimax.", "minimax" },
			{ "org.springframework.ai.zhipuai.", "zhipuai" } };

	private static final ClassValue<String> BY_CLASS = new ClassValue<>() {
		@Override
		protected String computeValue(Class<?> type) {
			return providerOfClassName(type.getName());
		}
	};

	private ProviderDetector() {
	}

	/** The provider a class belongs to, or {@link #UNKNOWN}; null-safe. */
	public static String providerOf(Object providerObject) {
		return providerObject == null ? UNKNOWN : BY_CLASS.get(providerObject.getClass());
	}

	/** The provider a class name belongs to, or {@link #UNKNOWN}. */
	public static String providerOfClassName(String className) {
		for (String[] prefix : PACKAGE_PREFIXES) {
			if (className.startsWith(prefix[0])) {
				return prefix[1];
			}
		}
		return UNKNOWN;
	}

}
