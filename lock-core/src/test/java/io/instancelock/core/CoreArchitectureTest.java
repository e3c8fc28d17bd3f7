package io.instancelock.core;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

@AnalyzeClasses(packages = "io.instancelock.core", importOptions = ImportOption.DoNotIncludeTests.class)
class CoreArchitectureTest {

    @ArchTest
    static final ArchRule coreDependsOnNothingButTheJdk = classes()
            .that()
            .resideInAPackage("io.instancelock.core..")
            .should()
            .onlyDependOnClassesThat()
            .resideInAnyPackage("io.instancelock.core..", "java..");

    @ArchTest
    static final ArchRule coreKnowsNoBackendAndNoFrontEnd = noClasses()
            .that()
            .resideInAPackage("io.instancelock.core..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage("io.instancelock.fs..", "io.instancelock.cli..", "io.instancelock.gui..");

    @ArchTest
    static final ArchRule theSpiDoesNotReachIntoTheServiceImplementation = noClasses()
            .that()
            .resideInAPackage("io.instancelock.core.spi..")
            .should()
            .dependOnClassesThat()
            .haveSimpleNameEndingWith("AccountLocks");
}
