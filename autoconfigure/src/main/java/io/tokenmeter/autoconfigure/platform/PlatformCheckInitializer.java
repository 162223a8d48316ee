package io.tokenmeter.autoconfigure.platform;

import java.util.function.Function;

import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.Ordered;

/**
 * Refuses to start on Spring Boot below 4 or Spring AI below 2 with the versions found and needed, instead of the
 * {@code NoClassDefFoundError} that tokenmeter's auto-configuration would otherwise fail with. An initializer
 * (registered in {@code spring.factories} under a key Spring Boot 3 and 4 share) because it runs before any
 * auto-configuration's conditions are evaluated. Off with {@code tokenmeter.platform-check.enabled=false}.
 */
final class PlatformCheckInitializer implements ApplicationContextInitializer<ConfigurableApplicationContext>, Ordered {

	static final String ENABLED_PROPERTY = "tokenmeter.platform-check.enabled";

	private final Function<ClassLoader, PlatformVersions> versions;

	PlatformCheckInitializer() {
		this(ClasspathPlatformVersions::find);
	}

	PlatformCheckInitializer(Function<ClassLoader, PlatformVersions> versions) {
		this.versions = versions;
	}

	@Override
	public void initialize(ConfigurableApplicationContext context) {
		if (!context.getEnvironment().getProperty(ENABLED_PROPERTY, Boolean.class, true)) {
			return;
		}
		ClassLoader classLoader = (context.getClassLoader() != null) ? context.getClassLoader()
				: PlatformCheckInitializer.class.getClassLoader();
		PlatformVersions found = this.versions.apply(classLoader);
		if (!SupportedPlatform.accepts(found)) {
			throw new UnsupportedPlatformException(ClasspathPlatformVersions.tokenMeter(classLoader), found);
		}
	}

	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE;
	}

}
