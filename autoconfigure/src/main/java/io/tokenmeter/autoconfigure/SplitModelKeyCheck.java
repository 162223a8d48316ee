package io.tokenmeter.autoconfigure;

import java.util.Set;

import io.tokenmeter.core.internal.InvalidConfigurationException;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.source.IterableConfigurationPropertySource;
import org.springframework.core.env.Environment;

/**
 * Refuses model ids whose dots were taken as property separators. Spring Boot binds
 * {@code tokenmeter.pricing.models.gpt-4.1.input} as model {@code gpt-4} with an unknown property {@code 1}, which
 * would silently leave {@code gpt-4.1} unpriced; the id must be written in brackets. This check finds every
 * such name in the environment and names the bracketed form to write instead.
 */
final class SplitModelKeyCheck {

	private static final ConfigurationPropertyName MODELS = ConfigurationPropertyName.of("tokenmeter.pricing.models");

	private static final Set<String> MODEL_FIELDS = Set.of("input", "output", "cache-read", "cache-write",
			"cache-write1h", "cache-write-1h", "reasoning", "aliases", "patterns", "tiers", "service-tiers",
			"service-tier", "source", "checked", "deprecated", "max-output-tokens");

	private SplitModelKeyCheck() {
	}

	static void check(Environment environment) {
		for (ConfigurationPropertySource source : ConfigurationPropertySources.get(environment)) {
			if (source instanceof IterableConfigurationPropertySource iterable) {
				iterable.filter(MODELS::isAncestorOf).forEach(SplitModelKeyCheck::check);
			}
		}
	}

	private static void check(ConfigurationPropertyName name) {
		int keyIndex = MODELS.getNumberOfElements();
		// A bracketed id keeps its dots inside one element; only unbracketed ids can have been split.
		if (name.getNumberOfElements() <= keyIndex + 1
				|| name.getElement(keyIndex, ConfigurationPropertyName.Form.ORIGINAL).indexOf('.') >= 0) {
			return;
		}
		String field = name.getElement(keyIndex + 1, ConfigurationPropertyName.Form.DASHED);
		if (MODEL_FIELDS.contains(field)) {
			return;
		}
		StringBuilder id = new StringBuilder(name.getElement(keyIndex, ConfigurationPropertyName.Form.ORIGINAL));
		int next = keyIndex + 1;
		while (next < name.getNumberOfElements() - 1
				&& !MODEL_FIELDS.contains(name.getElement(next, ConfigurationPropertyName.Form.DASHED))) {
			id.append('.').append(name.getElement(next, ConfigurationPropertyName.Form.ORIGINAL));
			next++;
		}
		if (next == keyIndex + 1) {
			throw new InvalidConfigurationException(name.toString(),
					"'" + field + "' is not a property of a model price",
					"Use one of " + MODEL_FIELDS.stream().sorted().toList() + ".");
		}
		StringBuilder rest = new StringBuilder();
		for (int i = next; i < name.getNumberOfElements(); i++) {
			rest.append('.').append(name.getElement(i, ConfigurationPropertyName.Form.ORIGINAL));
		}
		throw new InvalidConfigurationException(name.toString(),
				"the model id '" + id + "' contains a dot, so it was split into model '"
						+ name.getElement(keyIndex, ConfigurationPropertyName.Form.ORIGINAL)
						+ "' and an unknown property; '" + id + "' would be left unpriced",
				"Write the model id in brackets. In YAML, quoted: \"[" + id + "]\": under tokenmeter.pricing.models; "
						+ "in a .properties file or on the command line: tokenmeter.pricing.models[" + id + "]" + rest
						+ "=...");
	}

}
