package io.instancelock.fs;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

@AnalyzeClasses(packages = "io.instancelock", importOptions = ImportOption.DoNotIncludeTests.class)
class FsArchitectureTest {

    @ArchTest
    static final ArchRule backendInternalsAreUsedOnlyByTheBackend = noClasses()
            .that()
            .resideOutsideOfPackage("io.instancelock.fs..")
            .should()
            .dependOnClassesThat()
            .resideInAPackage("io.instancelock.fs.internal..");

    @ArchTest
    static final ArchRule backendKnowsNoFrontEnd = noClasses()
            .that()
            .resideInAPackage("io.instancelock.fs..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage("io.instancelock.cli..", "io.instancelock.gui..");

    @ArchTest
    static final ArchRule backendUsesOnlyTheCoresPublicApiAndSpi = noClasses()
            .that()
            .resideInAPackage("io.instancelock.fs..")
            .should()
            .dependOnClassesThat()
            .haveFullyQualifiedName("io.instancelock.core.AccountLocks")
            .because("the core drives the backend, not the other way round");
}
