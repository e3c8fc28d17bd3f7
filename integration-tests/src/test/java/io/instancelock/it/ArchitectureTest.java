package io.instancelock.it;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** The suite proves the promise through the public API, exactly as a launcher or a bot would use it. */
@AnalyzeClasses(packages = "io.instancelock.it", importOptions = ImportOption.OnlyIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule suiteNamesNoBackendClass = noClasses()
            .should()
            .dependOnClassesThat()
            .resideInAPackage("io.instancelock.fs..")
            .because("lock-fs is found through ServiceLoader; the suite must test what callers see");

    @ArchTest
    static final ArchRule suiteUsesNoBackendSpi = noClasses()
            .that()
            .resideOutsideOfPackage("io.instancelock.it.backend..")
            .should()
            .dependOnClassesThat()
            .resideInAPackage("io.instancelock.core.spi..")
            .because("the SPI is for backends, not for callers (except the test-only backend that plays a"
                    + " lock server's deadline)");
}
