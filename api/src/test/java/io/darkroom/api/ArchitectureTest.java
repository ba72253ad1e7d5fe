package io.darkroom.api;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The boundaries STYLE.md asks for, checked on every build. */
class ArchitectureTest {
  private final JavaClasses classes =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("io.darkroom.api");

  @Test
  void shouldNeverDependOnTheWorker() {
    noClasses()
        .should()
        .dependOnClassesThat()
        .resideInAPackage("io.darkroom.worker..")
        .check(classes);
  }

  @Test
  void shouldKeepControllersAwayFromRepositoriesAndStorageClients() {
    noClasses()
        .that()
        .haveSimpleNameEndingWith("Controller")
        .should()
        .dependOnClassesThat()
        .haveSimpleNameEndingWith("Repository")
        .orShould()
        .dependOnClassesThat()
        .resideInAnyPackage("io.minio..", "io.darkroom.api.storage..")
        .check(classes);
  }

  @Test
  void shouldHaveNoCyclesBetweenFeatures() {
    slices().matching("io.darkroom.api.(*)..").should().beFreeOfCycles().check(classes);
  }
}
