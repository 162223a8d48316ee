package io.tokenmeter.autoconfigure.platform;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SupportedPlatformTests {

	@Test
	void bootThreeWithSpringAiOneIsRefused() {
		assertThat(SupportedPlatform.accepts(new PlatformVersions("3.5.7", "1.1.2"))).isFalse();
	}

	@Test
	void bootFourWithSpringAiTwoIsAccepted() {
		assertThat(SupportedPlatform.accepts(new PlatformVersions("4.1.1", "2.0.1"))).isTrue();
	}

	@Test
	void snapshotsAndMilestonesOfTheRequiredMajorsAreAccepted() {
		assertThat(SupportedPlatform.accepts(new PlatformVersions("4.0.0-SNAPSHOT", "2.0.0-M1"))).isTrue();
	}

	@Test
	void bootThreeAloneIsRefused() {
		assertThat(SupportedPlatform.accepts(new PlatformVersions("3.5.7", "2.0.1"))).isFalse();
	}

	@Test
	void springAiOneAloneIsRefused() {
		assertThat(SupportedPlatform.accepts(new PlatformVersions("4.1.1", "1.1.2"))).isFalse();
	}

	@Test
	void springAiOneToldFromItsClassesIsRefused() {
		assertThat(SupportedPlatform.accepts(new PlatformVersions("4.1.1", "1.x"))).isFalse();
	}

	@Test
	void unknownVersionsAreAccepted() {
		assertThat(SupportedPlatform.accepts(new PlatformVersions(null, null))).isTrue();
		assertThat(SupportedPlatform.accepts(new PlatformVersions("unknown", ""))).isTrue();
	}

	@Test
	void anUnknownSpringAiDoesNotHideAnOldBoot() {
		assertThat(SupportedPlatform.accepts(new PlatformVersions("3.5.7", null))).isFalse();
	}

	@Test
	void laterMajorsAreAccepted() {
		assertThat(SupportedPlatform.accepts(new PlatformVersions("5.0.0", "3.0.0"))).isTrue();
	}

	@Test
	void theMajorIsTheLeadingNumber() {
		assertThat(SupportedPlatform.majorOf("4.0.0-SNAPSHOT")).isEqualTo(4);
		assertThat(SupportedPlatform.majorOf(" 10.2")).isEqualTo(10);
		assertThat(SupportedPlatform.majorOf("1.x")).isEqualTo(1);
		assertThat(SupportedPlatform.majorOf("v4")).isEqualTo(-1);
		assertThat(SupportedPlatform.majorOf(null)).isEqualTo(-1);
	}

	@Test
	void theRefusalNamesTheVersionsFoundAndNeeded() {
		assertThat(new UnsupportedPlatformException("0.1.0", new PlatformVersions("3.5.7", "1.1.2")))
			.hasMessage("tokenmeter 0.1.0 needs Spring Boot 4.x and Spring AI 2.x; found Spring Boot 3.5.7"
					+ " and Spring AI 1.1.2");
	}

	@Test
	void theRefusalSaysWhichVersionIsUnknown() {
		assertThat(new UnsupportedPlatformException(null, new PlatformVersions("3.5.7", null)))
			.hasMessage("tokenmeter needs Spring Boot 4.x and Spring AI 2.x; found Spring Boot 3.5.7"
					+ " and Spring AI (version unknown)");
	}

}
