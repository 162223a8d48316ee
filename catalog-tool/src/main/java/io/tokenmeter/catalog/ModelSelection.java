package io.tokenmeter.catalog;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.tokenmeter.autoconfigure.TokenMeterProperties.ModelPricing;
import io.tokenmeter.autoconfigure.pricing.internal.LiteLlmPriceFile.Entry;
import io.tokenmeter.core.pricing.internal.ModelIdForms;

/**
 * Picks the bundled catalog's models from LiteLLM's table and gives each its rate-table key: every id that
 * reduces to the same least specific form ({@code gpt-4o-2024-08-06}, {@code anthropic.claude-sonnet-4-5-...-v1:0},
 * {@code vertex_ai/claude-sonnet-4-5@20250929} → {@code claude-sonnet-4-5}) is one group, priced by its primary
 * member (the provider's own entry, undated if there is one); members at another price keep their own key
 * ({@code gpt-4o-2024-05-13}). Bedrock geo-prefixed ids reduce to {@code us.anthropic.claude-sonnet-4-5}, since
 * they are priced with a regional uplift.
 */
final class ModelSelection {

	private static final List<String> GEO_PROFILES = List.of("us.", "eu.", "apac.", "jp.", "au.", "ca.", "us-gov.");

	private static final List<String> OPENAI_EXCLUDED = List.of("audio", "realtime", "tts", "transcribe", "image",
			"search", "container", "moderation");

	private static final List<String> GEMINI_EXCLUDED = List.of("-tts", "native-audio", "-live", "image", "lyria",
			"gemma", "learnlm", "gemini-exp-", "gemini-1.5");

	/**
	 * @param entries the models of the catalog, by key
	 * @param members every LiteLLM entry taken in (its key and own price), to check the catalog prices it alike
	 * @param left out-of-group notes: ids in scope that the catalog does not price, with the reason
	 */
	record Result(Map<String, CatalogEntry> entries, List<Member> members, Map<String, String> left) {
	}

	/** A LiteLLM entry in scope. */
	record Member(String key, String id, Provider provider, ModelPricing pricing) {
	}

	private ModelSelection() {
	}

	static Result select(List<Entry> litellm, LocalDate checked) {
		Map<String, List<Member>> groups = new TreeMap<>();
		for (Entry entry : litellm) {
			Provider provider = providerOf(entry);
			if (provider != null) {
				Member member = new Member(entry.key(), entry.canonicalId(), provider, entry.pricing());
				groups.computeIfAbsent(groupKey(member.id()), (key) -> new ArrayList<>()).add(member);
			}
		}
		Map<String, CatalogEntry> entries = new TreeMap<>();
		List<Member> members = new ArrayList<>();
		Map<String, String> left = new TreeMap<>();
		groups.forEach((key, group) -> {
			group.sort(primaryFirst(key));
			Member primary = group.get(0);
			if (primary.provider() == Provider.ANTHROPIC_VERTEX) {
				group.forEach((member) -> left.put(member.key(), "only on Vertex AI, not in Anthropic's own table"));
				return;
			}
			members.addAll(group);
			entries.put(key, entry(key, primary, checked));
			for (Member member : group.subList(1, group.size())) {
				if (!PriceFields.samePrices(member, primary.pricing())) {
					entries.putIfAbsent(member.id(), entry(member.id(), member, checked));
				}
			}
		});
		return new Result(new LinkedHashMap<>(entries), members, left);
	}

	/** Which provider's catalog section an entry belongs to, or null when it is out of scope. */
	static Provider providerOf(Entry entry) {
		String id = entry.canonicalId();
		String provider = entry.provider();
		String mode = entry.mode();
		if (id == null || provider == null || mode == null) {
			return null;
		}
		boolean chat = mode.equals("chat");
		boolean embedding = mode.equals("embedding");
		return switch (provider) {
			case "openai" -> (chat || embedding || mode.equals("responses")) && !containsAny(id, OPENAI_EXCLUDED)
					? Provider.OPENAI : null;
			case "anthropic" -> chat ? Provider.ANTHROPIC : null;
			case "vertex_ai-anthropic_models" -> chat ? Provider.ANTHROPIC_VERTEX : null;
			case "bedrock_converse" -> chat ? bedrockProvider(id) : null;
			case "gemini" -> (chat || embedding) && id.startsWith("gemini-") && !containsAny(id, GEMINI_EXCLUDED)
					? Provider.GEMINI : null;
			case "mistral" -> chat || embedding ? Provider.MISTRAL : null;
			case "deepseek" -> chat ? Provider.DEEPSEEK : null;
			case "xai" -> chat ? Provider.XAI : null;
			case "cohere_chat" -> chat ? Provider.COHERE : null;
			case "cohere" -> embedding ? Provider.COHERE : null;
			default -> null;
		};
	}

	/**
	 * The least specific form of an id; for a Bedrock geo-prefixed id the least specific form that keeps the
	 * prefix ({@code us.anthropic.claude-sonnet-4-5-20250929} → {@code us.anthropic.claude-sonnet-4-5}).
	 */
	static String groupKey(String id) {
		List<String> forms = ModelIdForms.of(id);
		String geo = geoProfile(id);
		for (int i = forms.size() - 1; i > 0; i--) {
			if (geo == null || forms.get(i).startsWith(geo)) {
				return forms.get(i);
			}
		}
		return id;
	}

	static String geoProfile(String id) {
		for (String profile : GEO_PROFILES) {
			if (id.startsWith(profile)) {
				return profile;
			}
		}
		return null;
	}

	private static Provider bedrockProvider(String id) {
		String profile = geoProfile(id);
		String model = profile != null ? id.substring(profile.length())
				: id.startsWith("global.") ? id.substring("global.".length()) : id;
		if (model.startsWith("anthropic.")) {
			return Provider.ANTHROPIC_BEDROCK;
		}
		return model.startsWith("amazon.nova") ? Provider.AMAZON_NOVA : null;
	}

	/**
	 * The provider's own entry before Bedrock's before Vertex's; the undated id first; LiteLLM's unprefixed key
	 * before a gateway-prefixed duplicate; then the latest.
	 */
	private static Comparator<Member> primaryFirst(String groupKey) {
		return Comparator.comparingInt((Member member) -> rank(member.provider()))
			.thenComparing((Member member) -> !member.id().equals(groupKey))
			.thenComparing((Member member) -> !member.key().equals(member.id()))
			.thenComparing(Member::key, Comparator.reverseOrder());
	}

	private static int rank(Provider provider) {
		return switch (provider) {
			case ANTHROPIC_VERTEX -> 2;
			case ANTHROPIC_BEDROCK, AMAZON_NOVA -> 1;
			default -> 0;
		};
	}

	private static CatalogEntry entry(String id, Member member, LocalDate checked) {
		ModelPricing pricing = Pricings.copy(member.pricing());
		pricing.setSource(member.provider().pricingPage());
		pricing.setChecked(checked);
		return new CatalogEntry(id, member.provider(), pricing);
	}

	private static boolean containsAny(String id, List<String> parts) {
		return parts.stream().anyMatch(id::contains);
	}

}
