package io.tokenmeter.autoconfigure;

import io.tokenmeter.core.InvalidConfigurationException;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Prints a refused tokenmeter setting as "which property, what is wrong, what to write instead". */
class InvalidConfigurationFailureAnalyzer extends AbstractFailureAnalyzer<InvalidConfigurationException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, InvalidConfigurationException cause) {
		return new FailureAnalysis("Invalid tokenmeter configuration.\n\n    Property: " + cause.getProperty()
				+ "\n    Problem:  " + cause.getMessage().substring(cause.getProperty().length() + 2), cause.getAction(),
				cause);
	}

}
