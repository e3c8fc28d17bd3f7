package io.instancelock.gui;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

@AnalyzeClasses(
        packages = "io.instancelock.gui",
        importOptions = {ImportOption.DoNotIncludeTests.class, ImportOption.DoNotIncludeArchives.class})
class ArchitectureTest {

    @ArchTest
    static final ArchRule theLauncherUsesOnlyTheCoreApiNotTheBackend = noClasses()
            .that()
            .resideInAPackage("io.instancelock.gui..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage("io.instancelock.fs..", "io.instancelock.core.spi..");

    /** State and decisions stay testable without a screen: Swing only in the window, its widgets and start-up. */
    @ArchTest
    static final ArchRule onlyTheFrameItsWidgetsAndStartupTouchSwing = classes()
            .that()
            .resideInAPackage("io.instancelock.gui")
            .and()
            .doNotHaveSimpleName("LauncherFrame")
            .and()
            .doNotHaveSimpleName("LauncherMain")
            .and()
            .doNotHaveSimpleName("Theme")
            .and()
            .areNotNestedClasses()
            .should()
            .onlyDependOnClassesThat()
            .resideOutsideOfPackages("javax.swing..", "java.awt..", "com.formdev..");

    /** Widgets show values; they never decide or touch locks and processes. */
    @ArchTest
    static final ArchRule widgetsNeitherDecideNorTouchLocks = noClasses()
            .that()
            .resideInAPackage("io.instancelock.gui.swing..")
            .should()
            .dependOnClassesThat()
            .haveNameMatching(".*\\.(LauncherPresenter|AccountLocks|LockHandle|HolderProcesses|HolderStop|BotRunner)");
}
