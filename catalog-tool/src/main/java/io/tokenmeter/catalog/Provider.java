package io.tokenmeter.catalog;

/** The providers of the bundled catalog, in the order the catalog lists them, each with its pricing page. */
enum Provider {

	OPENAI("OpenAI", "https://openai.com/api/pricing"),

	ANTHROPIC("Anthropic", "https://docs.anthropic.com/en/docs/about-claude/pricing"),

	ANTHROPIC_BEDROCK("Anthropic on Amazon Bedrock", "https://aws.amazon.com/bedrock/pricing"),

	ANTHROPIC_VERTEX("Anthropic on Google Vertex AI", "https://cloud.google.com/vertex-ai/generative-ai/pricing"),

	GEMINI("Google Gemini", "https://ai.google.dev/gemini-api/docs/pricing"),

	MISTRAL("Mistral", "https://mistral.ai/pricing"),

	DEEPSEEK("DeepSeek", "https://api-docs.deepseek.com/quick_start/pricing"),

	XAI("xAI", "https://docs.x.ai/docs/models"),

	AMAZON_NOVA("Amazon Nova on Amazon Bedrock", "https://aws.amazon.com/bedrock/pricing"),

	COHERE("Cohere", "https://cohere.com/pricing");

	private final String displayName;

	private final String pricingPage;

	Provider(String displayName, String pricingPage) {
		this.displayName = displayName;
		this.pricingPage = pricingPage;
	}

	String displayName() {
		return this.displayName;
	}

	String pricingPage() {
		return this.pricingPage;
	}

	/** Lower-case name as written in overrides.json ({@code anthropic-bedrock}). */
	String key() {
		return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
	}

	static Provider ofKey(String key) {
		for (Provider provider : values()) {
			if (provider.key().equals(key)) {
				return provider;
			}
		}
		throw new IllegalArgumentException("unknown provider '" + key + "': use one of "
				+ java.util.Arrays.stream(values()).map(Provider::key).toList());
	}

}
