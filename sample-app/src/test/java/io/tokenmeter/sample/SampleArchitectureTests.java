package io.tokenmeter.sample;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/**
 * The sample is an application like any other: it uses tokenmeter's public API (properties, events, advisor params,
 * the call cost, the SPIs), never the {@code internal} packages or the call lifecycle, which may change in any
 * release. Its tests included, so a test cannot lean on an internal either.
 */
class SampleArchitectureTests {

	private static final JavaClasses SAMPLE = new ClassFileImporter().importPackages("io.tokenmeter.sample");

	@Test
	void theSampleUsesNoTokenmeterInternals() {
		noClasses().should()
			.dependOnClassesThat()
			.resideInAnyPackage("io.tokenmeter..internal..", "io.tokenmeter.core.lifecycle..")
			.check(SAMPLE);
	}

}
