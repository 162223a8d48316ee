package io.tokenmeter.autoconfigure.platform;

import org.jspecify.annotations.Nullable;

/**
 * The Spring Boot and Spring AI versions found on the classpath, as their jars name them ({@code 3.5.7},
 * {@code 2.0.1}, {@code 4.0.0-SNAPSHOT}); absent when it cannot be told.
 */
record PlatformVersions(@Nullable String springBoot, @Nullable String springAi) {

}
