package io.tokenmeter.core.usage.internal;

import java.util.HashMap;
import java.util.Map;

import io.tokenmeter.core.usage.TokenUsage;
import org.springframework.ai.chat.metadata.Usage;

/**
 * The normalizer for each provider, with {@link CountsOnlyUsageNormalizer} for the rest. A provider-specific
 * normalizer is only registered when its SDK is on the classpath, because it reads the SDK's native usage type.
 */
public final class UsageNormalizers {

	private final Map<String, UsageNormalizer> byProvider;

	private final UsageNormalizer fallback;

	public UsageNormalizers(Map<String, UsageNormalizer> byProvider, UsageNormalizer fallback) {
		this.byProvider = Map.copyOf(byProvider);
		this.fallback = fallback;
	}

	/** Normalizers for every provider whose SDK this class loader can see. */
	public static UsageNormalizers forClasspath(ClassLoader classLoader) {
		UsageNormalizer countsOnly = new CountsOnlyUsageNormalizer();
		Map<String, UsageNormalizer> normalizers = new HashMap<>();
		normalizers.put("openai", present("com.openai.models.completions.CompletionUsage", classLoader)
				? new OpenAiUsageNormalizer() : countsOnly);
		normalizers.put("azure-openai", normalizers.get("openai"));
		if (present("com.anthropic.models.messages.Usage", classLoader)) {
			normalizers.put("anthropic", new AnthropicUsageNormalizer());
		}
		if (present("com.google.genai.types.GenerateContentResponseUsageMetadata", classLoader)) {
			normalizers.put("google", new GeminiUsageNormalizer());
		}
		return new UsageNormalizers(normalizers, countsOnly);
	}

	public UsageNormalizer forProvider(String provider) {
		return this.byProvider.getOrDefault(provider, this.fallback);
	}

	/** Normalizes a usage report, tolerating a null report (counted as missing). */
	public TokenUsage normalize(String provider, Usage usage) {
		return usage == null ? TokenUsage.MISSING : forProvider(provider).normalize(usage);
	}

	private static boolean present(String className, ClassLoader classLoader) {
		try {
			Class.forName(className, false, classLoader);
			return true;
		}
		catch (ClassNotFoundException | LinkageError ex) {
			return false;
		}
	}

}
