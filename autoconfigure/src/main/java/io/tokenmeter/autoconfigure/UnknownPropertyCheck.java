package io.tokenmeter.autoconfigure;

import java.util.Set;
import java.util.TreeSet;

import io.tokenmeter.autoconfigure.internal.PropertyTree.Unknown;
import io.tokenmeter.autoconfigure.internal.PropertyTree;
import io.tokenmeter.core.internal.InvalidConfigurationException;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.source.IterableConfigurationPropertySource;
import org.springframework.core.env.Environment;

/**
 * Fails startup on a name under {@code tokenmeter.} that no property has, anywhere in the tree
 * ({@code budgets[0].scop}, {@code pricing.models[gpt-4o].inptu}, {@code tokenmeter.budget}), naming the nearest
 * valid name. Spring Boot would bind around such a typo silently: a per-user budget would become a global one, a
 * price would be missing. Runs before any bean is created, so the typo is reported rather than its consequence.
 */
final class UnknownPropertyCheck implements BeanFactoryPostProcessor {

	private final Environment environment;

	UnknownPropertyCheck(Environment environment) {
		this.environment = environment;
	}

	@Override
	public void postProcessBeanFactory(ConfigurableListableBeanFactory beanFactory) {
		check(this.environment, beanFactory.getBeanClassLoader() != null ? beanFactory.getBeanClassLoader()
				: UnknownPropertyCheck.class.getClassLoader());
	}

	static void check(Environment environment, ClassLoader classLoader) {
		// Model ids split at their dots get the more helpful message of this check first.
		SplitModelKeyCheck.check(environment);
		PropertyTree tree = PropertyTree.load(TokenMeterProperties.class, classLoader);
		Set<ConfigurationPropertyName> unknownNames = new TreeSet<>();
		Unknown first = null;
		for (ConfigurationPropertySource source : ConfigurationPropertySources.get(environment)) {
			if (source instanceof IterableConfigurationPropertySource iterable) {
				for (ConfigurationPropertyName name : iterable.filter(PropertyTree.ROOT::isAncestorOf)) {
					Unknown unknown = tree.find(name);
					if (unknown != null && unknownNames.add(name)
							&& (first == null || name.compareTo(first.name()) < 0)) {
						first = unknown;
					}
				}
			}
		}
		if (first != null) {
			throw unknown(first, unknownNames);
		}
	}

	private static InvalidConfigurationException unknown(Unknown unknown, Set<ConfigurationPropertyName> all) {
		ConfigurationPropertyName parent = unknown.name().chop(unknown.index());
		String others = all.size() == 1 ? ""
				: " (" + (all.size() - 1) + " more unknown: "
						+ all.stream().filter(name -> !name.equals(unknown.name())).limit(5).map(Object::toString).toList()
						+ ")";
		String problem = "'" + unknown.element() + "' is not a property of " + parent
				+ "; Spring Boot would ignore it and tokenmeter would run without that setting" + others;
		String action = switch (unknown.parent().kind()) {
			case BEAN -> {
				ConfigurationPropertyName suggestion = unknown.suggestion();
				yield (suggestion != null ? "Did you mean " + suggestion + "? " : "") + "The properties of " + parent
						+ " are " + unknown.parent().propertyNames() + ".";
			}
			case LIST -> parent + " is a list: write " + parent + "[0]." + unknown.element() + ", " + parent
					+ "[1]...";
			default -> parent + " takes a value and has no properties below it: remove '" + unknown.element() + "'.";
		};
		return new InvalidConfigurationException(unknown.name().toString(), problem, action);
	}

}
