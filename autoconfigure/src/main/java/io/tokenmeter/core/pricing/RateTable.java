package io.tokenmeter.core.pricing;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.tokenmeter.core.internal.InvalidConfigurationException;
import io.tokenmeter.core.pricing.internal.ModelIdForms;
import org.jspecify.annotations.Nullable;

/**
 * Finds the price of a model id as a provider reported it, in one documented order (a provider-scoped entry,
 * {@code provider:model}, beats a generic one at each step):
 * <ol>
 * <li>the exact id;</li>
 * <li>an alias;</li>
 * <li>the providers' naming conventions ({@link ModelIdForms}): each less specific form of the id, most specific
 * first, exact then alias, so an exact dated entry ({@code gpt-4o-2024-05-13}) beats its undated base;</li>
 * <li>user patterns, the most specific (most literal characters) matching pattern, tried on the id and then on
 * each of its forms.</li>
 * </ol>
 * The answer, found or not, is cached per provider and id, so the forms and patterns are worked out once per
 * distinct id.
 * Built once at startup; invalid tables are refused by the constructor with the property to fix.
 *
 * @since 0.1.0
 */
public final class RateTable {

	static final String PREFIX = "tokenmeter.pricing";

	/** Beyond this many distinct ids per provider the answers are no longer cached (bounded memory). */
	private static final int MAX_CACHED_IDS = 10_000;

	private static final ModelPrice NOT_FOUND = ModelPrice.of("", ModelRate.of("0", "0"));

	private final Map<String, ModelPrice> exact = new HashMap<>();

	private final Map<String, ModelPrice> aliases = new HashMap<>();

	private final List<ScopedPattern> patterns = new ArrayList<>();

	private final Map<String, Map<String, ModelPrice>> cache = new ConcurrentHashMap<>();

	/**
	 * @param entries the prices
	 * @param extraAliases alias → configured key ({@code model} or {@code provider:model}), each must exist
	 */
	public RateTable(List<PriceEntry> entries, Map<String, String> extraAliases) {
		for (PriceEntry entry : entries) {
			this.exact.put(entry.key(), entry.price());
			for (String alias : entry.aliases()) {
				addAlias(scoped(entry.provider(), alias), entry.price(),
						PREFIX + ".models[" + entry.key() + "].aliases");
			}
			for (String glob : entry.patterns()) {
				addPattern(new ScopedPattern(entry.provider(), new ModelPattern(glob), entry.price(),
						PREFIX + ".models[" + entry.key() + "].patterns"));
			}
		}
		extraAliases.forEach((alias, target) -> {
			ModelPrice price = this.exact.get(target);
			String property = PREFIX + ".aliases[" + alias + "]";
			if (price == null) {
				throw new InvalidConfigurationException(property,
						"alias '" + alias + "' points to '" + target + "', which has no price",
						"Point it at a model configured under " + PREFIX + ".models (one of " + this.exact.keySet()
								+ ") or add a price for '" + target + "'.");
			}
			addAlias(alias, price, property);
		});
	}

	/** All configured model keys, for reports and validation messages. */
	public Set<String> modelKeys() {
		return Collections.unmodifiableSet(this.exact.keySet());
	}

	/**
	 * @param provider the provider of the call (never null; {@code unknown} when not known)
	 * @param modelId the model id the provider answered with or the request named
	 * @return the price, or null when the model has no price
	 */
	public @Nullable ModelPrice find(String provider, String modelId) {
		if (modelId == null) {
			return null;
		}
		// get before computeIfAbsent: on every call the provider is already there, and a plain get is the cheaper read.
		Map<String, ModelPrice> byId = this.cache.get(provider);
		if (byId == null) {
			byId = this.cache.computeIfAbsent(provider, p -> new ConcurrentHashMap<>());
		}
		ModelPrice cached = byId.get(modelId);
		if (cached == null) {
			cached = resolve(provider, modelId);
			if (byId.size() < MAX_CACHED_IDS) {
				byId.put(modelId, cached);
			}
		}
		return cached == NOT_FOUND ? null : cached;
	}

	private ModelPrice resolve(String provider, String modelId) {
		List<String> forms = ModelIdForms.of(modelId);
		for (String form : forms) {
			ModelPrice price = firstOf(this.exact, provider, form);
			if (price == null) {
				price = firstOf(this.aliases, provider, form);
			}
			if (price != null) {
				return price;
			}
		}
		for (String form : forms) {
			ModelPrice price = bestPattern(provider, form);
			if (price != null) {
				return price;
			}
		}
		return NOT_FOUND;
	}

	private static ModelPrice firstOf(Map<String, ModelPrice> index, String provider, String modelId) {
		ModelPrice scopedPrice = index.get(provider + ":" + modelId);
		return scopedPrice != null ? scopedPrice : index.get(modelId);
	}

	private ModelPrice bestPattern(String provider, String modelId) {
		ScopedPattern best = null;
		for (ScopedPattern candidate : this.patterns) {
			if (candidate.appliesTo(provider) && candidate.pattern().matches(modelId)
					&& (best == null || candidate.beats(best))) {
				best = candidate;
			}
		}
		return best != null ? best.price() : null;
	}

	private void addAlias(String alias, ModelPrice price, String property) {
		ModelPrice previous = this.aliases.putIfAbsent(alias, price);
		if ((previous != null && previous != price) || (this.exact.containsKey(alias) && this.exact.get(alias) != price)) {
			throw new InvalidConfigurationException(property,
					"alias '" + alias + "' names two different models",
					"Keep the alias on one model only; an id can have one price.");
		}
	}

	private void addPattern(ScopedPattern added) {
		for (ScopedPattern existing : this.patterns) {
			if (existing.price() != added.price() && sameScope(existing, added)
					&& existing.pattern().specificity() == added.pattern().specificity()
					&& existing.pattern().overlaps(added.pattern())) {
				throw new InvalidConfigurationException(added.property(),
						"pattern '" + added.pattern() + "' overlaps '" + existing.pattern() + "' (" + existing.property()
								+ ") with equal specificity, so an id matching both would have no single price",
						"Make one pattern more specific (e.g. 'gpt-4o-mini-*' next to 'gpt-4o-*' is fine) or add "
								+ "the ambiguous ids as exact aliases.");
			}
		}
		this.patterns.add(added);
	}

	private static boolean sameScope(ScopedPattern a, ScopedPattern b) {
		return a.provider() == null ? b.provider() == null : a.provider().equals(b.provider());
	}

	private static String scoped(String provider, String id) {
		return provider == null ? id : provider + ":" + id;
	}

	private record ScopedPattern(String provider, ModelPattern pattern, ModelPrice price, String property) {

		boolean appliesTo(String callProvider) {
			return this.provider == null || this.provider.equals(callProvider);
		}

		boolean beats(ScopedPattern other) {
			int bySpecificity = Integer.compare(this.pattern.specificity(), other.pattern.specificity());
			return bySpecificity > 0 || (bySpecificity == 0 && this.provider != null && other.provider == null);
		}

	}

}
