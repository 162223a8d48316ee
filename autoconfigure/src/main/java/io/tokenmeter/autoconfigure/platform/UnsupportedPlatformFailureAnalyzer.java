package io.tokenmeter.autoconfigure.platform;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Prints an unsupported platform as the versions found, the versions needed, and the two ways out. */
final class UnsupportedPlatformFailureAnalyzer extends AbstractFailureAnalyzer<UnsupportedPlatformException> {

	static final String ACTION = "Upgrade the application to " + SupportedPlatform.required()
			+ " (for example spring-boot-starter-parent 4.1.1 and spring-ai-bom 2.0.1), or remove the"
			+ " tokenmeter-spring-boot-starter dependency.";

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, UnsupportedPlatformException cause) {
		return new FailureAnalysis(cause.getMessage() + ".", ACTION, cause);
	}

}
