package io.tokenmeter.autoconfigure;

import org.springframework.boot.diagnostics.FailureAnalysis;

import static org.assertj.core.api.Assertions.assertThat;

/** What a user sees when tokenmeter refuses a setting at startup: the failure analysis of the startup failure. */
public final class StartupFailures {

	private StartupFailures() {
	}

	public static FailureAnalysis analyze(Throwable failure) {
		assertThat(failure).as("startup failure").isNotNull();
		FailureAnalysis analysis = new InvalidConfigurationFailureAnalyzer(null).analyze(failure);
		assertThat(analysis).as("failure analysis of " + failure).isNotNull();
		return analysis;
	}

}
