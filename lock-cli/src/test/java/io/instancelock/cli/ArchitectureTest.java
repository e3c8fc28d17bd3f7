package io.instancelock.cli;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** lockctl is a front end: it uses lock-core's public API and finds the backend at run time. */
@AnalyzeClasses(packages = "io.instancelock.cli", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule LOCKCTL_NAMES_NO_BACKEND_CLASS = noClasses()
            .should()
            .dependOnClassesThat()
            .resideInAPackage("io.instancelock.fs..")
            .because("the backend is found through ServiceLoader; lock-fs is a runtime dependency only");

    @ArchTest
    static final ArchRule LOCKCTL_USES_NO_BACKEND_SPI = noClasses()
            .should()
            .dependOnClassesThat()
            .resideInAPackage("io.instancelock.core.spi..")
            .because("front ends use lock-core's public API, io.instancelock.core");
}
