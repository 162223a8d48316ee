package io.tokenmeter.autoconfigure.pricing;

import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import io.tokenmeter.autoconfigure.TokenMeterProperties.ModelPricing;
import io.tokenmeter.autoconfigure.internal.PropertyTree;
import io.tokenmeter.autoconfigure.pricing.internal.LiteLlmPriceFile;
import io.tokenmeter.core.internal.InvalidConfigurationException;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.source.IterableConfigurationPropertySource;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.ResolvableType;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.Resource;
import org.springframework.core.io.ResourceLoader;

/**
 * The price catalog the rate table starts from ({@code tokenmeter.pricing.catalog}): the bundled list prices,
 * none, or a file of the application's, either a tokenmeter YAML catalog (the bundled file's shape) or a
 * LiteLLM {@code model_prices_and_context_window.json}. Entries under {@code tokenmeter.pricing.models} are laid
 * over it field by field.
 */
final class PriceCatalog {

	static final String PROPERTY = "tokenmeter.pricing.catalog";

	static final String BUNDLED = "bundled";

	static final String NONE = "none";

	static final String RESOURCE = "io/tokenmeter/pricing/price-catalog.yml";

	private static final ConfigurationPropertyName MODELS = ConfigurationPropertyName.of("catalog.models");

	private final String location;

	private final String source;

	private final LocalDate effectiveDate;

	private final Map<String, ModelPricing> models;

	private PriceCatalog(String location, String source, LocalDate effectiveDate, Map<String, ModelPricing> models) {
		this.location = location;
		this.source = source;
		this.effectiveDate = effectiveDate;
		this.models = models;
	}

	public static PriceCatalog empty() {
		return new PriceCatalog(NONE, "no catalog: only tokenmeter.pricing.models", null, Map.of());
	}

	public static PriceCatalog bundled() {
		return yaml(new ClassPathResource(RESOURCE, PriceCatalog.class.getClassLoader()), BUNDLED, false);
	}

	/** The bundled catalog, refused when an entry has an unknown field: a build-time check of the bundled file. */
	static PriceCatalog bundledStrict() {
		return yaml(new ClassPathResource(RESOURCE, PriceCatalog.class.getClassLoader()), BUNDLED, true);
	}

	/**
	 * The catalog {@code tokenmeter.pricing.catalog} names: {@code bundled}, {@code none}, or a resource location
	 * ({@code file:}, {@code classpath:}) of a {@code .yml}/{@code .yaml} tokenmeter catalog or a {@code .json}
	 * LiteLLM price file.
	 * @throws InvalidConfigurationException when the file is missing, of another kind, or has a bad entry
	 */
	public static PriceCatalog of(String location, ResourceLoader resources) {
		String trimmed = location == null ? BUNDLED : location.trim();
		if (trimmed.equalsIgnoreCase(BUNDLED)) {
			return bundled();
		}
		if (trimmed.equalsIgnoreCase(NONE)) {
			return empty();
		}
		Resource resource = resources.getResource(trimmed);
		if (!resource.exists()) {
			throw new InvalidConfigurationException(PROPERTY, "the price catalog '" + trimmed + "' does not exist",
					"Point " + PROPERTY + " at an existing file (file:/path/to/model_prices_and_context_window.json, "
							+ "file:/path/to/catalog.yml or classpath:...), or use 'bundled' or 'none'.");
		}
		String name = trimmed.toLowerCase(Locale.ROOT);
		if (name.endsWith(".json")) {
			return liteLlm(resource, trimmed);
		}
		if (name.endsWith(".yml") || name.endsWith(".yaml")) {
			return yaml(resource, trimmed, true);
		}
		throw new InvalidConfigurationException(PROPERTY,
				"the price catalog '" + trimmed + "' is neither a .yml/.yaml tokenmeter catalog nor a .json LiteLLM "
						+ "price file",
				"Name a file ending in .yml or .yaml (tokenmeter's catalog shape) or .json "
						+ "(LiteLLM's model_prices_and_context_window.json), or use 'bundled' or 'none'.");
	}

	private static PriceCatalog liteLlm(Resource resource, String location) {
		try (InputStream json = resource.getInputStream()) {
			Map<String, ModelPricing> models = LiteLlmPriceFile.read(json, location);
			return new PriceCatalog(location, "LiteLLM price file " + location, lastModified(resource), models);
		}
		catch (IOException ex) {
			throw unreadable(location, ex);
		}
	}

	/**
	 * @param strict whether an unknown field in an entry fails (the application's own files; the bundled file is
	 * checked by a test instead, so a bad field in it can never fail an application's startup)
	 */
	private static PriceCatalog yaml(Resource resource, String location, boolean strict) {
		MutablePropertySources sources = new MutablePropertySources();
		try {
			for (PropertySource<?> source : new YamlPropertySourceLoader().load("tokenmeter-price-catalog", resource)) {
				sources.addLast(source);
			}
		}
		catch (IOException | RuntimeException ex) {
			throw unreadable(location, ex);
		}
		Iterable<ConfigurationPropertySource> propertySources = ConfigurationPropertySources.from(sources);
		if (strict) {
			checkFields(propertySources, location);
		}
		Binder binder = new Binder(propertySources);
		try {
			LocalDate date = binder.bind("catalog.effective-date", LocalDate.class).orElse(null);
			String source = binder.bind("catalog.source", String.class).orElse(location);
			Map<String, ModelPricing> models = binder
				.bind("catalog.models", Bindable.mapOf(String.class, ModelPricing.class))
				.orElse(Map.of());
			if (models.isEmpty()) {
				throw new InvalidConfigurationException(PROPERTY, "the price catalog '" + location
						+ "' has no models under catalog.models",
						"Write the file in the bundled catalog's shape: catalog: {effective-date: 2026-07-24, models: "
								+ "{\"[gpt-4.1]\": {input: 2.00, output: 8.00}}}.");
			}
			return new PriceCatalog(location, source, date, new LinkedHashMap<>(models));
		}
		catch (BindException ex) {
			String entry = ex.getProperty() != null ? ex.getProperty().getName().toString() : ex.getName().toString();
			throw new InvalidConfigurationException(PROPERTY,
					"the price catalog '" + location + "' has an invalid entry '" + entry + "'"
							+ (ex.getProperty() != null ? " = '" + ex.getProperty().getValue() + "'" : "") + ": "
							+ rootMessage(ex),
					"Fix that entry: rates are plain numbers in USD per 1,000,000 tokens (e.g. 2.50), dates are "
							+ "YYYY-MM-DD.");
		}
	}

	/** Refuses a field no model price has (e.g. {@code inptu}), naming the nearest one. */
	private static void checkFields(Iterable<ConfigurationPropertySource> sources, String location) {
		PropertyTree entries = PropertyTree
			.of(ResolvableType.forClassWithGenerics(Map.class, String.class, ModelPricing.class));
		for (ConfigurationPropertySource source : sources) {
			if (!(source instanceof IterableConfigurationPropertySource iterable)) {
				continue;
			}
			for (ConfigurationPropertyName name : iterable.filter(MODELS::isAncestorOf)) {
				PropertyTree.Unknown unknown = entries.find(name, MODELS.getNumberOfElements());
				if (unknown != null) {
					ConfigurationPropertyName suggestion = unknown.suggestion();
					throw new InvalidConfigurationException(PROPERTY,
							"the price catalog '" + location + "' has an unknown field '" + unknown.element()
									+ "' in '" + name + "'",
							(suggestion != null ? "Did you mean '" + suggestion + "'? " : "")
									+ "The fields of a model price are " + unknown.parent().propertyNames() + ".");
				}
			}
		}
	}

	private static InvalidConfigurationException unreadable(String location, Exception ex) {
		return new InvalidConfigurationException(PROPERTY,
				"the price catalog '" + location + "' cannot be read: " + rootMessage(ex),
				"Check that the file is readable and well-formed, or use 'bundled' or 'none'.");
	}

	private static String rootMessage(Throwable ex) {
		Throwable root = ex;
		while (root.getCause() != null && root.getCause() != root) {
			root = root.getCause();
		}
		return root.getMessage() != null ? root.getMessage() : root.getClass().getSimpleName();
	}

	private static LocalDate lastModified(Resource resource) {
		try {
			long millis = resource.lastModified();
			return millis > 0 ? LocalDate.ofInstant(Instant.ofEpochMilli(millis), ZoneOffset.UTC) : null;
		}
		catch (IOException ex) {
			return null;
		}
	}

	/** {@code bundled}, {@code none}, or the resource location the catalog was read from. */
	public String location() {
		return this.location;
	}

	/** What the catalog's prices come from, as the catalog says (or its location). */
	public String source() {
		return this.source;
	}

	/** The date the catalog's list prices were taken from their sources, or null when unknown or no catalog. */
	public LocalDate effectiveDate() {
		return this.effectiveDate;
	}

	public Map<String, ModelPricing> models() {
		return this.models;
	}

}
