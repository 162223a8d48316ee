package io.tokenmeter.autoconfigure;

import io.tokenmeter.core.internal.ControlCharacters;
import io.tokenmeter.core.internal.InvalidConfigurationException;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.origin.Origin;
import org.springframework.core.env.Environment;

/**
 * Prints a refused tokenmeter setting as "which property, the value it was given and where, what is wrong, what to
 * write instead". The value is looked up in the application's environment (Spring Boot hands the analyzer its
 * {@link Environment}), so it is the one the user wrote, with its origin when the source records one (a line of
 * {@code application.yml}).
 */
class InvalidConfigurationFailureAnalyzer extends AbstractFailureAnalyzer<InvalidConfigurationException> {

	private final @Nullable Environment environment;

	InvalidConfigurationFailureAnalyzer(@Nullable Environment environment) {
		this.environment = environment;
	}

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, InvalidConfigurationException cause) {
		return new FailureAnalysis("Invalid tokenmeter configuration.\n\n    Property: " + cause.getProperty()
				+ "\n    Value:    " + value(cause.getProperty()) + "\n    Problem:  " + cause.getProblem(),
				cause.getAction(), cause);
	}

	private String value(String property) {
		ConfigurationPropertyName name = ConfigurationPropertyName.ofIfValid(property);
		if (this.environment == null || name == null) {
			return "(not known)";
		}
		for (ConfigurationPropertySource source : ConfigurationPropertySources.get(this.environment)) {
			ConfigurationProperty bound = source.getConfigurationProperty(name);
			if (bound != null) {
				// Boot gives every value an origin: a file and line, else the name of its property source.
				Origin origin = bound.getOrigin();
				return "\"" + ControlCharacters.escape(String.valueOf(bound.getValue())) + "\""
						+ (origin != null ? " (from " + origin + ")" : "");
			}
		}
		return "(not set)";
	}

}
