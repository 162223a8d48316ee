package io.tokenmeter.core.pricing.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The less specific forms of a model id that providers and gateways put around the same model, most specific
 * first, so that a price configured for {@code claude-sonnet-4-5} also prices
 * {@code global.anthropic.claude-sonnet-4-5-20250929-v1:0} without a pattern. Each naming convention is one
 * rewrite, applied in this order to the id and to every form found so far:
 * <ol>
 * <li>gateway prefixes: {@code openai/}, {@code anthropic/}, {@code google/}, {@code gemini/}, {@code models/},
 * {@code azure/}, and the other prefixes of {@link #GATEWAY_PREFIXES};</li>
 * <li>Bedrock model versions: {@code -v1:0}, {@code -v2} after a Bedrock vendor ({@code anthropic.},
 * {@code amazon.}, ...);</li>
 * <li>snapshot dates and Vertex versions: {@code -2025-04-16}, {@code -20250929}, {@code @20250929} (first
 * spelled {@code -20250929}), {@code @default}, {@code @latest}; and Gemini's numbered versions
 * {@code -001}..{@code -009};</li>
 * <li>Bedrock inference-profile and vendor prefixes, one at a time:
 * {@code [us.|eu.|apac.|jp.|au.|ca.|us-gov.|global.]} then {@code vendor.};</li>
 * <li>dotted Claude versions as gateways write them: {@code claude-sonnet-4.5} is {@code claude-sonnet-4-5}.</li>
 * </ol>
 * An id with capitals is followed by the forms of its lower-case spelling. Four-digit suffixes are deliberately
 * left alone: Mistral's {@code -2512} and OpenAI's old {@code -0613} name models with prices of their own, and
 * taking them off would price a newer model as an older one.
 */
public final class ModelIdForms {

	/** Prefixes gateways (LiteLLM, OpenRouter, Vercel, Google's REST paths) put before a provider's model id. */
	static final List<String> GATEWAY_PREFIXES = List.of("openai/", "anthropic/", "google/", "gemini/", "models/",
			"azure/", "azure_ai/", "vertex_ai/", "bedrock/", "mistral/", "mistralai/", "xai/", "x-ai/", "deepseek/",
			"cohere/", "amazon/", "openrouter/", "litellm_proxy/");

	/** Vendors in Bedrock model ids ({@code anthropic.claude-...}, {@code amazon.nova-...}). */
	private static final List<String> BEDROCK_VENDORS = List.of("anthropic.", "amazon.", "meta.", "mistral.",
			"cohere.", "deepseek.", "openai.", "ai21.", "writer.", "qwen.", "moonshot.", "google.", "twelvelabs.");

	/** Bedrock inference-profile prefixes: geographic (priced with a regional uplift on newer models) and global. */
	private static final List<String> BEDROCK_PROFILES = List.of("us.", "eu.", "apac.", "jp.", "au.", "ca.",
			"us-gov.", "global.");

	private ModelIdForms() {
	}

	/** The id itself followed by its less specific forms, without repeats. */
	public static List<String> of(String modelId) {
		List<String> forms = new ArrayList<>(4);
		addWithConventions(forms, modelId);
		String lowerCase = modelId.toLowerCase(Locale.ROOT);
		if (!lowerCase.equals(modelId)) {
			addWithConventions(forms, lowerCase);
		}
		return forms;
	}

	/**
	 * True when {@code modelId} is the base model itself or a dated, versioned or prefixed form of it (requested
	 * {@code o3}, answered {@code o3-2025-04-16}); false for a different model.
	 */
	public static boolean isFormOf(String modelId, String baseModel) {
		return of(modelId).contains(baseModel);
	}

	private static void addWithConventions(List<String> forms, String modelId) {
		int first = forms.size();
		add(forms, modelId);
		apply(forms, first, ModelIdForms::withoutGatewayPrefix);
		apply(forms, first, ModelIdForms::withoutBedrockVersion);
		apply(forms, first, ModelIdForms::withoutSnapshot);
		apply(forms, first, ModelIdForms::withoutBedrockPrefix);
		apply(forms, first, ModelIdForms::withDashedClaudeVersion);
	}

	/** Rewrites every form from {@code first} on (including the ones this rule adds) until nothing changes. */
	private static void apply(List<String> forms, int first, Rewrite rule) {
		for (int i = first; i < forms.size(); i++) {
			String rewritten = rule.rewrite(forms.get(i));
			if (rewritten != null && !rewritten.isEmpty()) {
				add(forms, rewritten);
			}
		}
	}

	private static void add(List<String> forms, String form) {
		if (!forms.contains(form)) {
			forms.add(form);
		}
	}

	public static String withoutGatewayPrefix(String id) {
		for (String prefix : GATEWAY_PREFIXES) {
			if (id.startsWith(prefix)) {
				return id.substring(prefix.length());
			}
		}
		return null;
	}

	/** {@code anthropic.claude-sonnet-4-5-20250929-v1:0} → {@code anthropic.claude-sonnet-4-5-20250929}. */
	public static String withoutBedrockVersion(String id) {
		if (bedrockVendorEnd(id) < 0) {
			return null;
		}
		int end = id.length();
		int colon = id.lastIndexOf(':');
		if (colon > 0 && allDigits(id, colon + 1, end)) {
			end = colon;
		}
		int v = id.lastIndexOf("-v", end);
		return v > 0 && allDigits(id, v + 2, end) ? id.substring(0, v) : null;
	}

	/**
	 * {@code gpt-4o-2024-08-06}, {@code claude-sonnet-4-5-20250929} → base; Vertex {@code claude-sonnet-4-5@default}
	 * → base and {@code claude-3-7-sonnet@20250219} → {@code claude-3-7-sonnet-20250219}, Anthropic's own spelling of
	 * the snapshot, whose date the next pass takes off.
	 */
	static String withoutSnapshot(String id) {
		int at = id.lastIndexOf('@');
		if (at > 0) {
			String version = id.substring(at + 1);
			if (isDigits(version, 8)) {
				return id.substring(0, at) + "-" + version;
			}
			return version.equals("default") || version.equals("latest") ? id.substring(0, at) : null;
		}
		int length = id.length();
		if (length > 11 && id.charAt(length - 11) == '-' && isDigits(id.substring(length - 10, length - 6), 4)
				&& id.charAt(length - 6) == '-' && isDigits(id.substring(length - 5, length - 3), 2)
				&& id.charAt(length - 3) == '-' && isDigits(id.substring(length - 2), 2)) {
			return id.substring(0, length - 11);
		}
		if (length > 9 && id.charAt(length - 9) == '-' && isDigits(id.substring(length - 8), 8)
				&& (id.charAt(length - 8) == '2')) {
			return id.substring(0, length - 9);
		}
		if (length > 4 && id.charAt(length - 4) == '-' && id.charAt(length - 3) == '0' && id.charAt(length - 2) == '0'
				&& Character.isDigit(id.charAt(length - 1)) && id.startsWith("gemini-")) {
			return id.substring(0, length - 4);
		}
		return null;
	}

	/**
	 * One Bedrock prefix off: the inference profile first ({@code us.amazon.nova-pro} → {@code amazon.nova-pro}),
	 * then the vendor ({@code anthropic.claude-sonnet-4-5} → {@code claude-sonnet-4-5}), so that a regional id
	 * is looked up with its profile (regional uplift), then as Bedrock's base id, then as the vendor's own id.
	 */
	static String withoutBedrockPrefix(String id) {
		int vendorEnd = bedrockVendorEnd(id);
		if (vendorEnd < 0) {
			return null;
		}
		for (String profile : BEDROCK_PROFILES) {
			if (id.startsWith(profile)) {
				return id.substring(profile.length());
			}
		}
		return id.substring(vendorEnd);
	}

	/** {@code claude-sonnet-4.5} → {@code claude-sonnet-4-5}, as OpenRouter and other gateways spell Claude. */
	static String withDashedClaudeVersion(String id) {
		if (!id.startsWith("claude-") || id.indexOf('.') < 0) {
			return null;
		}
		char[] chars = id.toCharArray();
		boolean changed = false;
		for (int i = 1; i < chars.length - 1; i++) {
			if (chars[i] == '.' && Character.isDigit(chars[i - 1]) && Character.isDigit(chars[i + 1])) {
				chars[i] = '-';
				changed = true;
			}
		}
		return changed ? new String(chars) : null;
	}

	/** Where the model name starts after an optional profile and a Bedrock vendor, or -1 for no Bedrock id. */
	private static int bedrockVendorEnd(String id) {
		int start = 0;
		for (String profile : BEDROCK_PROFILES) {
			if (id.startsWith(profile)) {
				start = profile.length();
				break;
			}
		}
		for (String vendor : BEDROCK_VENDORS) {
			if (id.startsWith(vendor, start)) {
				return start + vendor.length();
			}
		}
		return -1;
	}

	private static boolean isDigits(String text, int length) {
		return text.length() == length && allDigits(text, 0, length);
	}

	private static boolean allDigits(String text, int from, int to) {
		if (from >= to) {
			return false;
		}
		for (int i = from; i < to; i++) {
			if (!Character.isDigit(text.charAt(i))) {
				return false;
			}
		}
		return true;
	}

	@FunctionalInterface
	private interface Rewrite {

		String rewrite(String id);

	}

}
