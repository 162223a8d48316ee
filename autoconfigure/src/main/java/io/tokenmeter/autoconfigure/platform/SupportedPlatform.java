package io.tokenmeter.autoconfigure.platform;

import org.jspecify.annotations.Nullable;

/**
 * The platform tokenmeter is built for, Spring Boot 4.x and Spring AI 2.x, and whether the versions found are
 * older. Only a version known to be older is refused: one that cannot be read (a repackaged jar without a
 * manifest, a class directory) lets startup proceed.
 */
final class SupportedPlatform {

	static final int SPRING_BOOT_MAJOR = 4;

	static final int SPRING_AI_MAJOR = 2;

	private SupportedPlatform() {
	}

	static boolean accepts(PlatformVersions found) {
		return !isBelow(found.springBoot(), SPRING_BOOT_MAJOR) && !isBelow(found.springAi(), SPRING_AI_MAJOR);
	}

	private static boolean isBelow(@Nullable String version, int requiredMajor) {
		int major = majorOf(version);
		return major >= 0 && major < requiredMajor;
	}

	/** The leading number of {@code version} ({@code 4} of {@code 4.0.0-SNAPSHOT}), or -1 when there is none. */
	static int majorOf(@Nullable String version) {
		if (version == null) {
			return -1;
		}
		String trimmed = version.strip();
		int end = 0;
		while (end < trimmed.length() && end < 9 && Character.isDigit(trimmed.charAt(end))) {
			end++;
		}
		return end > 0 ? Integer.parseInt(trimmed, 0, end, 10) : -1;
	}

	static String required() {
		return "Spring Boot " + SPRING_BOOT_MAJOR + ".x and Spring AI " + SPRING_AI_MAJOR + ".x";
	}

}
