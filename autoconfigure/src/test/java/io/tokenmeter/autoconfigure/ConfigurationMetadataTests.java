package io.tokenmeter.autoconfigure;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.junit.jupiter.api.Test;
import org.springframework.beans.BeanWrapperImpl;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The generated configuration metadata (the IDE's hints) says what the code does: each property's documented
 * default, bound the way Spring Boot binds it, equals the field's initializer. A {@code Duration} the processor
 * misreads (a default of {@code 5}, i.e. 5 ms, for a 5 s field) fails here.
 */
class ConfigurationMetadataTests {

	@Test
	void everyDefaultInTheMetadataEqualsTheFieldsInitializer() throws IOException {
		List<String> wrong = new ArrayList<>();
		TokenMeterProperties initial = new TokenMeterProperties();
		for (JsonNode property : metadata().get("properties")) {
			String name = property.get("name").asString();
			String sourceType = property.has("sourceType") ? property.get("sourceType").asString() : "";
			if (!name.startsWith("tokenmeter.") || !sourceType.startsWith(TokenMeterProperties.class.getName())) {
				continue;
			}
			String path = beanPath(name);
			Object expected = new BeanWrapperImpl(initial).getPropertyValue(path);
			JsonNode documented = property.get("defaultValue");
			if (documented == null || documented.isNull()) {
				if (!(expected == null || expected instanceof java.util.Collection<?> c && c.isEmpty()
						|| expected instanceof Map<?, ?> m && m.isEmpty())) {
					wrong.add(name + ": no default in the metadata, initializer " + expected);
				}
				continue;
			}
			Map<String, Object> values = new LinkedHashMap<>();
			if (documented.isObject()) {
				for (Map.Entry<String, JsonNode> entry : documented.properties()) {
					values.put(name + "." + entry.getKey(), entry.getValue().asString());
				}
			}
			else if (documented.isArray()) {
				List<String> elements = new ArrayList<>();
				documented.forEach(element -> elements.add(element.asString()));
				values.put(name, String.join(",", elements));
			}
			else {
				values.put(name, documented.asString());
			}
			TokenMeterProperties bound = new Binder(new MapConfigurationPropertySource(values))
				.bind("tokenmeter", Bindable.ofInstance(new TokenMeterProperties()))
				.get();
			Object actual = new BeanWrapperImpl(bound).getPropertyValue(path);
			if (!equal(expected, actual)) {
				wrong.add(name + ": metadata default " + documented + " binds to " + actual + ", initializer " + expected);
			}
		}
		assertThat(wrong).as("metadata defaults that differ from the initializers").isEmpty();
	}

	@Test
	void theRetryAfterDefaultIsFiveSeconds() throws IOException {
		for (JsonNode property : metadata().get("properties")) {
			if (property.get("name").asString().equals("tokenmeter.budget-store.retry-after")) {
				assertThat(property.get("defaultValue").asString()).isEqualTo("5s");
				return;
			}
		}
		throw new AssertionError("tokenmeter.budget-store.retry-after is not in the metadata");
	}

	private static boolean equal(Object expected, Object actual) {
		if (expected instanceof java.math.BigDecimal a && actual instanceof java.math.BigDecimal b) {
			return a.compareTo(b) == 0;
		}
		if (expected instanceof Map<?, ?> a && actual instanceof Map<?, ?> b) {
			return a.size() == b.size() && a.entrySet().stream().allMatch(entry -> equal(entry.getValue(), b.get(entry.getKey())));
		}
		return Objects.equals(expected, actual);
	}

	/** {@code tokenmeter.budget-store.retry-after} → {@code budgetStore.retryAfter}. */
	private static String beanPath(String name) {
		StringBuilder path = new StringBuilder();
		boolean upper = false;
		for (char c : name.substring("tokenmeter.".length()).toCharArray()) {
			if (c == '-') {
				upper = true;
			}
			else {
				path.append(upper ? Character.toUpperCase(c) : c);
				upper = false;
			}
		}
		return path.toString();
	}

	private JsonNode metadata() throws IOException {
		try (InputStream metadata = getClass().getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
			return JsonMapper.builder().build().readTree(metadata);
		}
	}

}
