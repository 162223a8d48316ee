package io.tokenmeter.autoconfigure.internal;

import java.beans.PropertyDescriptor;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.springframework.beans.BeanUtils;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName.Form;
import org.springframework.boot.json.JsonParserFactory;
import org.springframework.core.ResolvableType;

/**
 * The property names that mean something under {@code tokenmeter.}: the bean properties of
 * {@code TokenMeterProperties}, followed into its nested classes, list elements ({@code budgets[0].scope}) and
 * map values ({@code pricing.models[gpt-4o].input}), plus every {@code tokenmeter.*} name in the configuration
 * metadata on the classpath (keys read outside the properties class, such as
 * {@code tokenmeter.platform-check.enabled}). Map keys are free (model ids, alias ids, service tier names).
 */
public final class PropertyTree {

	/** {@code tokenmeter}, the prefix every name this tree describes starts with. */
	public static final ConfigurationPropertyName ROOT = ConfigurationPropertyName.of("tokenmeter");

	private static final String METADATA = "META-INF/spring-configuration-metadata.json";

	public enum Kind {

		/** Named properties below. */
		BEAN,
		/** Any key below; then the value's properties, or anything at all for maps of plain values. */
		MAP,
		/** An index below, then the element's properties. */
		LIST,
		/** A plain value: nothing below. */
		VALUE

	}

	private final Kind kind;

	/** BEAN: uniform name (lowercase, no dashes) → property. */
	private final Map<String, Property> properties = new TreeMap<>();

	/** MAP: the value (null for plain values, which take any name below); LIST: the element. */
	private final PropertyTree element;

	private PropertyTree(Kind kind, PropertyTree element) {
		this.kind = kind;
		this.element = element;
	}

	/** The tree of the {@code tokenmeter} properties class and the metadata found by the class loader. */
	public static PropertyTree load(Class<?> propertiesClass, ClassLoader classLoader) {
		PropertyTree root = of(ResolvableType.forClass(propertiesClass));
		for (String name : metadataNames(classLoader)) {
			ConfigurationPropertyName property = ConfigurationPropertyName.ofIfValid(name);
			if (property != null && ROOT.isAncestorOf(property)) {
				root.add(property, 1);
			}
		}
		return root;
	}

	/** The tree of a type: its bean properties, a map's values or a list's elements, or a plain value. */
	public static PropertyTree of(ResolvableType type) {
		Class<?> raw = type.resolve(Object.class);
		if (Map.class.isAssignableFrom(raw)) {
			ResolvableType value = type.asMap().getGeneric(1);
			return new PropertyTree(Kind.MAP, isBean(value.resolve(Object.class)) ? of(value) : null);
		}
		if (Collection.class.isAssignableFrom(raw)) {
			return new PropertyTree(Kind.LIST, of(type.asCollection().getGeneric(0)));
		}
		if (raw.isArray()) {
			return new PropertyTree(Kind.LIST, of(type.getComponentType()));
		}
		if (!isBean(raw)) {
			return new PropertyTree(Kind.VALUE, null);
		}
		PropertyTree bean = new PropertyTree(Kind.BEAN, null);
		for (PropertyDescriptor descriptor : BeanUtils.getPropertyDescriptors(raw)) {
			if (descriptor.getReadMethod() != null && !"class".equals(descriptor.getName())) {
				String dashed = dashed(descriptor.getName());
				bean.properties.put(uniform(dashed),
						new Property(dashed, of(ResolvableType.forMethodReturnType(descriptor.getReadMethod(), raw))));
			}
		}
		return bean;
	}

	private static boolean isBean(Class<?> type) {
		return type.getName().startsWith("io.tokenmeter.") && !type.isEnum() && !type.isInterface();
	}

	private void add(ConfigurationPropertyName name, int index) {
		if (this.kind != Kind.BEAN || index >= name.getNumberOfElements()) {
			return;
		}
		String dashed = name.getElement(index, Form.DASHED);
		Property property = this.properties.computeIfAbsent(uniform(dashed), key -> new Property(dashed,
				new PropertyTree(index == name.getNumberOfElements() - 1 ? Kind.VALUE : Kind.BEAN, null)));
		property.tree.add(name, index + 1);
	}

	/**
	 * Where a name under {@code tokenmeter.} leaves the tree, or null when every element of it is known.
	 * @param name a name under {@code tokenmeter.}
	 */
	public Unknown find(ConfigurationPropertyName name) {
		return find(name, ROOT.getNumberOfElements());
	}

	/**
	 * Where a name leaves the tree, or null when every element of it is known.
	 * @param name the name
	 * @param start the index of the name's first element that this tree describes
	 */
	public Unknown find(ConfigurationPropertyName name, int start) {
		PropertyTree tree = this;
		for (int i = start; i < name.getNumberOfElements(); i++) {
			switch (tree.kind) {
				case BEAN -> {
					Property property = tree.properties.get(uniform(name.getElement(i, Form.UNIFORM)));
					if (property == null) {
						return new Unknown(name, i, tree);
					}
					tree = property.tree;
				}
				case MAP -> {
					if (tree.element == null) {
						return null;
					}
					tree = tree.element;
				}
				case LIST -> {
					if (!isIndex(name, i)) {
						return new Unknown(name, i, tree);
					}
					tree = tree.element;
				}
				case VALUE -> {
					return isIndex(name, i) && i == name.getNumberOfElements() - 1 ? null : new Unknown(name, i, tree);
				}
			}
		}
		return null;
	}

	/** The dashed names of a bean's properties, in order. */
	public List<String> propertyNames() {
		return this.properties.values().stream().map(Property::dashed).sorted().toList();
	}

	public Kind kind() {
		return this.kind;
	}

	/** The property whose name is nearest (fewest edits) to the given element, or null when there are none. */
	public String nearest(String element) {
		String target = uniform(element);
		String nearest = null;
		int best = Integer.MAX_VALUE;
		for (Map.Entry<String, Property> entry : this.properties.entrySet()) {
			int distance = editDistance(target, entry.getKey());
			if (distance < best) {
				best = distance;
				nearest = entry.getValue().dashed();
			}
		}
		return nearest;
	}

	private static boolean isIndex(ConfigurationPropertyName name, int index) {
		String element = name.getElement(index, Form.UNIFORM);
		if (element.isEmpty()) {
			return false;
		}
		for (int i = 0; i < element.length(); i++) {
			if (!Character.isDigit(element.charAt(i))) {
				return false;
			}
		}
		return true;
	}

	public static int editDistance(String a, String b) {
		int[] previous = new int[b.length() + 1];
		int[] current = new int[b.length() + 1];
		for (int j = 0; j <= b.length(); j++) {
			previous[j] = j;
		}
		for (int i = 1; i <= a.length(); i++) {
			current[0] = i;
			for (int j = 1; j <= b.length(); j++) {
				int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
				current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
			}
			int[] swap = previous;
			previous = current;
			current = swap;
		}
		return previous[b.length()];
	}

	private static String uniform(String element) {
		StringBuilder uniform = new StringBuilder(element.length());
		for (int i = 0; i < element.length(); i++) {
			char c = element.charAt(i);
			if (c != '-' && c != '_') {
				uniform.append(Character.toLowerCase(c));
			}
		}
		return uniform.toString();
	}

	public static String dashed(String camelCase) {
		StringBuilder dashed = new StringBuilder(camelCase.length() + 4);
		for (int i = 0; i < camelCase.length(); i++) {
			char c = camelCase.charAt(i);
			if (Character.isUpperCase(c)) {
				dashed.append('-').append(Character.toLowerCase(c));
			}
			else {
				dashed.append(c);
			}
		}
		return dashed.toString();
	}

	private static List<String> metadataNames(ClassLoader classLoader) {
		List<String> names = new java.util.ArrayList<>();
		try {
			Enumeration<URL> files = classLoader.getResources(METADATA);
			while (files.hasMoreElements()) {
				String json;
				try (InputStream in = files.nextElement().openStream()) {
					json = new String(in.readAllBytes(), StandardCharsets.UTF_8);
				}
				if (!json.contains("\"tokenmeter.")) {
					continue;
				}
				Object properties = JsonParserFactory.getJsonParser().parseMap(json).get("properties");
				if (properties instanceof List<?> list) {
					for (Object property : list) {
						if (property instanceof Map<?, ?> map && map.get("name") instanceof String name) {
							names.add(name);
						}
					}
				}
			}
		}
		catch (IOException ex) {
			// The properties class alone still describes every name it binds.
		}
		return names;
	}

	private record Property(String dashed, PropertyTree tree) {
	}

	/**
	 * A name that leaves the tree at one element.
	 * @param name the whole name
	 * @param index the first element that means nothing
	 * @param parent the tree that element should have been in
	 */
	public record Unknown(ConfigurationPropertyName name, int index, PropertyTree parent) {

		public String element() {
			return this.name.getElement(this.index, Form.ORIGINAL);
		}

		/** The name with its unknown element replaced by the nearest known one, or null when there is none. */
		public ConfigurationPropertyName suggestion() {
			String nearest = this.parent.kind() == Kind.BEAN ? this.parent.nearest(element()) : null;
			if (nearest == null) {
				return null;
			}
			ConfigurationPropertyName suggestion = this.name.chop(this.index).append(nearest);
			return this.index + 1 < this.name.getNumberOfElements()
					? suggestion.append(this.name.subName(this.index + 1)) : suggestion;
		}

	}

}
