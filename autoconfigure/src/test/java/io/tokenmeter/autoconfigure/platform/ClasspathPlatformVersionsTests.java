package io.tokenmeter.autoconfigure.platform;

import org.junit.jupiter.api.Test;

import org.springframework.ai.chat.client.ChatClient;
import org.springframework.boot.test.context.FilteredClassLoader;

import static org.assertj.core.api.Assertions.assertThat;

class ClasspathPlatformVersionsTests {

	@Test
	void theBuildsOwnClasspathIsBootFourAndSpringAiTwo() {
		PlatformVersions found = ClasspathPlatformVersions.find(getClass().getClassLoader());

		assertThat(SupportedPlatform.majorOf(found.springBoot())).isEqualTo(4);
		assertThat(found.springAi()).isEqualTo(ChatClient.class.getPackage().getImplementationVersion())
			.startsWith("2.");
	}

	@Test
	void springAiIsUnknownWithoutAChatClient() {
		PlatformVersions found = ClasspathPlatformVersions.find(new FilteredClassLoader(ChatClient.class));

		assertThat(found.springAi()).isNull();
	}

	@Test
	void theManifestVersionOfSpringAiWins() {
		assertThat(ClasspathPlatformVersions.springAi("1.1.2", true)).isEqualTo("1.1.2");
	}

	@Test
	void withoutAManifestVersionSpringAiIsToldByItsTwoOnlyClass() {
		assertThat(ClasspathPlatformVersions.springAi(null, true)).isEqualTo("2.x");
		assertThat(ClasspathPlatformVersions.springAi("", false)).isEqualTo("1.x");
	}

}
