package io.instancelock.pg;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

@AnalyzeClasses(packages = "io.instancelock", importOptions = ImportOption.DoNotIncludeTests.class)
class PgArchitectureTest {

    @ArchTest
    static final ArchRule backendInternalsAreUsedOnlyByTheBackend = noClasses()
            .that()
            .resideOutsideOfPackage("io.instancelock.pg..")
            .should()
            .dependOnClassesThat()
            .resideInAPackage("io.instancelock.pg.internal..");

    @ArchTest
    static final ArchRule backendKnowsNoFrontEndAndNoOtherBackend = noClasses()
            .that()
            .resideInAPackage("io.instancelock.pg..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage("io.instancelock.cli..", "io.instancelock.gui..", "io.instancelock.fs..");

    @ArchTest
    static final ArchRule backendUsesOnlyTheCoresPublicApiAndSpi = noClasses()
            .that()
            .resideInAPackage("io.instancelock.pg..")
            .should()
            .dependOnClassesThat()
            .haveFullyQualifiedName("io.instancelock.core.AccountLocks")
            .because("the core drives the backend, not the other way round");
}
