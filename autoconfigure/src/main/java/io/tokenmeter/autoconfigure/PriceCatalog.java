package io.tokenmeter.autoconfigure;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;

import io.tokenmeter.autoconfigure.TokenMeterProperties.ModelPricing;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.ClassPathResource;

/**
 * The bundled list-price catalog: a YAML file in the same shape as {@code tokenmeter.pricing}, bound with the
 * same binder, so a catalog entry and a user entry can be merged field by field.
 */
public final class PriceCatalog {

	static final String RESOURCE = "io/tokenmeter/pricing/price-catalog.yml";

	private final LocalDate effectiveDate;

	private final Map<String, ModelPricing> models;

	private PriceCatalog(LocalDate effectiveDate, Map<String, ModelPricing> models) {
		this.effectiveDate = effectiveDate;
		this.models = models;
	}

	public static PriceCatalog empty() {
		return new PriceCatalog(null, Map.of());
	}

	public static PriceCatalog bundled() {
		try {
			MutablePropertySources sources = new MutablePropertySources();
			for (PropertySource<?> source : new YamlPropertySourceLoader().load("tokenmeter-price-catalog",
					new ClassPathResource(RESOURCE, PriceCatalog.class.getClassLoader()))) {
				sources.addLast(source);
			}
			Binder binder = new Binder(ConfigurationPropertySources.from(sources));
			LocalDate date = binder.bind("catalog.effective-date", LocalDate.class).orElse(null);
			Map<String, ModelPricing> models = binder
				.bind("catalog.models", Bindable.mapOf(String.class, ModelPricing.class))
				.orElse(Map.of());
			return new PriceCatalog(date, new LinkedHashMap<>(models));
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot read the bundled price catalog " + RESOURCE, ex);
		}
	}

	/** The date the catalog's list prices were taken from the providers' pages, or null for no catalog. */
	public LocalDate effectiveDate() {
		return this.effectiveDate;
	}

	public Map<String, ModelPricing> models() {
		return this.models;
	}

}
