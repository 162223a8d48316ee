package io.tokenmeter.autoconfigure.platform;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.SpringBootVersion;
import org.springframework.util.ClassUtils;

/**
 * Reads the versions on the classpath. Spring Boot's from {@link SpringBootVersion} (a constant in every Boot 3 and
 * 4); Spring AI's from the manifest of the jar that holds {@code ChatClient}, or, when that manifest names none,
 * from whether {@code ChatClientBuilderCustomizer} sits beside it, which it does only from 2.0 on.
 */
final class ClasspathPlatformVersions {

	static final String CHAT_CLIENT = "org.springframework.ai.chat.client.ChatClient";

	static final String SPRING_AI_2_ONLY = "org.springframework.ai.chat.client.ChatClientBuilderCustomizer";

	private static final String TOKENMETER_POM = "META-INF/maven/io.tokenmeter/tokenmeter-spring-boot-autoconfigure/pom.properties";

	private ClasspathPlatformVersions() {
	}

	static PlatformVersions find(ClassLoader classLoader) {
		return new PlatformVersions(SpringBootVersion.getVersion(), springAi(classLoader));
	}

	/** Absent without a {@code ChatClient}: then every tokenmeter auto-configuration backs off anyway. */
	private static @Nullable String springAi(ClassLoader classLoader) {
		Class<?> chatClient;
		try {
			chatClient = ClassUtils.forName(CHAT_CLIENT, classLoader);
		}
		catch (ClassNotFoundException | LinkageError ex) {
			return null;
		}
		Package chatClientPackage = chatClient.getPackage();
		return springAi((chatClientPackage != null) ? chatClientPackage.getImplementationVersion() : null,
				ClassUtils.isPresent(SPRING_AI_2_ONLY, classLoader));
	}

	static String springAi(@Nullable String manifestVersion, boolean springAi2OnlyClassPresent) {
		if (manifestVersion != null && !manifestVersion.isBlank()) {
			return manifestVersion;
		}
		return springAi2OnlyClassPresent ? "2.x" : "1.x";
	}

	/** tokenmeter's own version, from the Maven descriptor in its jar; absent when run from classes. */
	static @Nullable String tokenMeter(ClassLoader classLoader) {
		try (InputStream in = classLoader.getResourceAsStream(TOKENMETER_POM)) {
			if (in == null) {
				return null;
			}
			Properties pom = new Properties();
			pom.load(in);
			return pom.getProperty("version");
		}
		catch (IOException | IllegalArgumentException ex) {
			return null;
		}
	}

}
