package io.tokenmeter.catalog;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import io.tokenmeter.autoconfigure.TokenMeterProperties.ModelPricing;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.FileSystemResource;

/** Reads a tokenmeter YAML catalog's models with Spring's binder, as tokenmeter itself binds the bundled one. */
final class CatalogYamlReader {

	private CatalogYamlReader() {
	}

	/** The models of the catalog at {@code file}, or none when there is no such file. */
	static Map<String, ModelPricing> read(Path file) throws IOException {
		if (file == null || !Files.exists(file)) {
			return Map.of();
		}
		MutablePropertySources sources = new MutablePropertySources();
		for (PropertySource<?> source : new YamlPropertySourceLoader().load("current-catalog",
				new FileSystemResource(file))) {
			sources.addLast(source);
		}
		return new LinkedHashMap<>(new Binder(ConfigurationPropertySources.from(sources))
			.bind("catalog.models", Bindable.mapOf(String.class, ModelPricing.class))
			.orElse(Map.of()));
	}

}
