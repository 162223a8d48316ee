package io.tokenmeter.autoconfigure;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import io.tokenmeter.core.internal.InvalidConfigurationException;
import org.junit.jupiter.api.Test;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.core.io.UrlResource;
import org.springframework.core.io.support.PropertiesLoaderUtils;

import static org.assertj.core.api.Assertions.assertThat;

class InvalidConfigurationFailureAnalyzerTests {

	private static final InvalidConfigurationException ZERO_USERS = new InvalidConfigurationException(
			"tokenmeter.ledger.max-users", "must be at least 1 (was 0)",
			"Set tokenmeter.ledger.max-users to a positive number, e.g. 10000.");

	@Test
	void theDescriptionNamesThePropertyAndTheProblemAndTheActionSaysWhatToWrite() {
		FailureAnalysis analysis = analyze(ZERO_USERS, new StandardEnvironment());

		assertThat(analysis.getDescription()).contains("    Property: tokenmeter.ledger.max-users\n")
			.contains("    Problem:  must be at least 1 (was 0)");
		assertThat(analysis.getAction()).isEqualTo("Set tokenmeter.ledger.max-users to a positive number, e.g. 10000.");
	}

	@Test
	void theValueIsShownWithTheFileAndLineItWasWrittenOn() throws Exception {
		StandardEnvironment environment = new StandardEnvironment();
		ByteArrayResource yaml = new ByteArrayResource(
				"tokenmeter:\n  ledger:\n    max-users: 0\n".getBytes(StandardCharsets.UTF_8), "application.yml");
		new YamlPropertySourceLoader().load("application.yml", yaml)
			.forEach(source -> environment.getPropertySources().addFirst(source));

		assertThat(analyze(ZERO_USERS, environment).getDescription())
			.contains("    Value:    \"0\" (from Byte array resource [application.yml] - 3:16)\n");
	}

	@Test
	void aValueFromASourceWithoutLinesNamesTheSource() {
		StandardEnvironment environment = new StandardEnvironment();
		environment.getPropertySources()
			.addFirst(new MapPropertySource("test", Map.of("tokenmeter.ledger.max-users", "0")));

		assertThat(analyze(ZERO_USERS, environment).getDescription()).contains(
				"    Value:    \"0\" (from \"tokenmeter.ledger.max-users\" from property source \"test\")\n");
	}

	@Test
	void aPropertyThatWasNeverSetSaysSo() {
		assertThat(analyze(ZERO_USERS, new StandardEnvironment()).getDescription())
			.contains("    Value:    (not set)\n");
	}

	@Test
	void theFailureAnalyzerIsRegistered() throws Exception {
		List<String> analyzers = new ArrayList<>();
		var resources = getClass().getClassLoader().getResources("META-INF/spring.factories");
		while (resources.hasMoreElements()) {
			Properties factories = PropertiesLoaderUtils.loadProperties(new UrlResource(resources.nextElement()));
			analyzers.add(factories.getProperty(FailureAnalyzer.class.getName(), ""));
		}
		assertThat(analyzers).anySatisfy(names -> assertThat(names)
			.contains(InvalidConfigurationFailureAnalyzer.class.getName()));
	}

	private static FailureAnalysis analyze(InvalidConfigurationException failure, StandardEnvironment environment) {
		return new InvalidConfigurationFailureAnalyzer(environment).analyze(new IllegalStateException(failure));
	}

}
