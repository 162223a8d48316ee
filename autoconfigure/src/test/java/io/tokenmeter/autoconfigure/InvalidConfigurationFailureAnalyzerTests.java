package io.tokenmeter.autoconfigure;

import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

import org.junit.jupiter.api.Test;

import org.springframework.boot.diagnostics.FailureAnalyzer;
import org.springframework.core.io.UrlResource;
import org.springframework.core.io.support.PropertiesLoaderUtils;

import static org.assertj.core.api.Assertions.assertThat;

class InvalidConfigurationFailureAnalyzerTests {

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

}
