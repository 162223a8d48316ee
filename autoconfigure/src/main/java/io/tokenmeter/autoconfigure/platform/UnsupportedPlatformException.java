package io.tokenmeter.autoconfigure.platform;

import org.jspecify.annotations.Nullable;

/** tokenmeter found a Spring Boot or Spring AI older than it is built for; carries the versions found. */
final class UnsupportedPlatformException extends RuntimeException {

	private final PlatformVersions found;

	UnsupportedPlatformException(@Nullable String tokenMeterVersion, PlatformVersions found) {
		super(((tokenMeterVersion != null) ? "tokenmeter " + tokenMeterVersion : "tokenmeter") + " needs "
				+ SupportedPlatform.required() + "; found Spring Boot " + describe(found.springBoot())
				+ " and Spring AI " + describe(found.springAi()));
		this.found = found;
	}

	PlatformVersions getFound() {
		return this.found;
	}

	private static String describe(@Nullable String version) {
		return (version != null) ? version : "(version unknown)";
	}

}
