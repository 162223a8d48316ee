package io.tokenmeter.core.pricing;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One configured model price with the other names it answers to.
 *
 * @param provider the provider this price is for, or null for any provider
 * @param price the price; {@code price.id()} is the model id
 * @param aliases other exact ids of the same model (e.g. {@code chatgpt-4o-latest})
 * @param patterns globs for ids of the same model (e.g. {@code gpt-4o-2*} for dated snapshots)
 * @since 0.1.0
 */
public record PriceEntry(@Nullable String provider, ModelPrice price, List<String> aliases, List<String> patterns) {

	public PriceEntry {
		aliases = List.copyOf(aliases);
		patterns = List.copyOf(patterns);
	}

	/** The key this entry is configured under: {@code model} or {@code provider:model}. */
	public String key() {
		return this.provider == null ? this.price.id() : this.provider + ":" + this.price.id();
	}

}
