package io.tokenmeter;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaMethod;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.methods;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The layering of the README's package map, kept true on every build: a call flows advisor (or model path) →
 * core → metrics/ledger, the Spring Boot glue sits on top, and no arrow points back.
 */
class ArchitectureTests {

	private static final String LIFECYCLE = "io.tokenmeter.core.lifecycle";

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

	/**
	 * An {@code internal} package belongs to the package above it (the API types and their implementation), so the
	 * two form one slice: an API type may be built on its internal helpers, which in turn see the API types.
	 */
	@Test
	void packagesAreFreeOfCycles() {
		slices().assignedFrom(packagesWithTheirInternals()).should().beFreeOfCycles().check(MAIN);
	}

	/**
	 * What a user imports lives outside the {@code internal} packages, so a public method of an API type must not
	 * make them import an internal one: its parameters and its return type are API types (or the JDK's, Spring's,
	 * Micrometer's). Constructors are left out: the auto-configuration builds the advisors and stores from internal
	 * collaborators, and users obtain those beans instead of constructing them.
	 */
	@Test
	void publicApiMethodsDoNotExposeInternalTypes() {
		methods().that()
			.arePublic()
			.and()
			.areDeclaredInClassesThat()
			.arePublic()
			.and()
			.areDeclaredInClassesThat()
			.resideOutsideOfPackages("..internal..", LIFECYCLE + "..")
			.should(notHaveInternalTypesInTheirSignature())
			.check(MAIN);
	}

	private static ArchCondition<JavaMethod> notHaveInternalTypesInTheirSignature() {
		return new ArchCondition<>("not have internal types in their signature") {

			@Override
			public void check(JavaMethod method, ConditionEvents events) {
				for (JavaClass type : method.getAllInvolvedRawTypes()) {
					if (isInternal(type)) {
						events.add(SimpleConditionEvent.violated(method,
								method.getFullName() + " exposes " + type.getName()));
					}
				}
			}

		};
	}

	/** The {@code internal} packages, and the call lifecycle, which its package documents as internal. */
	private static boolean isInternal(JavaClass type) {
		String name = type.getPackageName();
		return name.startsWith("io.tokenmeter.") && (name.contains(".internal") || name.startsWith(LIFECYCLE));
	}

	private static SliceAssignment packagesWithTheirInternals() {
		return new SliceAssignment() {

			@Override
			public SliceIdentifier getIdentifierOf(JavaClass type) {
				String name = type.getPackageName();
				return name.startsWith("io.tokenmeter")
						? SliceIdentifier.of(name.replaceFirst("\\.internal(\\..*)?$", "")) : SliceIdentifier.ignore();
			}

			@Override
			public String getDescription() {
				return "io.tokenmeter packages, each with its internal subpackage";
			}

		};
	}

}
