package io.tokenmeter;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The layering of the README's package map, kept true on every build: a call flows advisor (or model path) →
 * core → metrics/ledger, the Spring Boot glue sits on top, and no arrow points back.
 */
class ArchitectureTests {

	private static final JavaClasses MAIN = new ClassFileImporter()
		.withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
		.importPackages("io.tokenmeter");

	@Test
	void theCoreHasNoSpringBootImports() {
		noClasses().that()
			.resideInAPackage("io.tokenmeter.core..")
			.should()
			.dependOnClassesThat()
			.resideInAPackage("org.springframework.boot..")
			.check(MAIN);
	}

	@Test
	void theCoreDoesNotSeeTheLayersAboveIt() {
		noClasses().that()
			.resideInAPackage("io.tokenmeter.core..")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("io.tokenmeter.autoconfigure..", "io.tokenmeter.advisor..", "io.tokenmeter.model..",
					"io.tokenmeter.redis..", "io.tokenmeter.jdbc..")
			.check(MAIN);
	}

	@Test
	void theMeteringPathsDoNotSeeTheAutoConfiguration() {
		noClasses().that()
			.resideInAnyPackage("io.tokenmeter.advisor..", "io.tokenmeter.model..", "io.tokenmeter.redis..",
					"io.tokenmeter.jdbc..")
			.should()
			.dependOnClassesThat()
			.resideInAPackage("io.tokenmeter.autoconfigure..")
			.check(MAIN);
	}

	/**
	 * The advisor is the only class on the hot path that sees the ChatClient API; the auto-configuration registers
	 * it on the builders. The model-level path ({@code io.tokenmeter.model}) meters from the ChatModel's observation
	 * contexts and must not reach into ChatClient either.
	 */
	@Test
	void onlyTheAdvisorAndItsWiringSeeTheChatClientApi() {
		noClasses().that()
			.resideOutsideOfPackages("io.tokenmeter.advisor..", "io.tokenmeter.autoconfigure..")
			.should()
			.dependOnClassesThat()
			.resideInAPackage("org.springframework.ai.chat.client..")
			.check(MAIN);
	}

	@Test
	void theModelLevelPathSeesModelObservationsNotTheAdvisor() {
		noClasses().that()
			.resideInAPackage("io.tokenmeter.model..")
			.should()
			.dependOnClassesThat()
			.resideInAPackage("io.tokenmeter.advisor..")
			.check(MAIN);
	}

	@Test
	void packagesAreFreeOfCycles() {
		slices().matching("io.tokenmeter.(**)").should().beFreeOfCycles().check(MAIN);
	}

}
