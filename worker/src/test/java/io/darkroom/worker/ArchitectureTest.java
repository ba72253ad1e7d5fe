package io.darkroom.worker;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

class ArchitectureTest {
  private final JavaClasses classes =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("io.darkroom.worker");

  @Test
  void shouldNeverDependOnTheApi() {
    noClasses().should().dependOnClassesThat().resideInAPackage("io.darkroom.api..").check(classes);
  }

  @Test
  void shouldKeepThePipelineFreeOfKafkaAndStorage() {
    noClasses()
        .that()
        .resideInAPackage("io.darkroom.worker.pipeline..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "org.apache.kafka..", "io.minio..", "io.micronaut.configuration.kafka..")
        .check(classes);
  }

  @Test
  void shouldHaveNoCyclesBetweenFeatures() {
    slices().matching("io.darkroom.worker.(*)..").should().beFreeOfCycles().check(classes);
  }
}
