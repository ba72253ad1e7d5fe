package io.darkroom.worker;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class ArchitectureTest {
  private static final String JOB = "io.darkroom.worker.job..";
  private static final String PIPELINE = "io.darkroom.worker.pipeline..";
  private static final String STORAGE = "io.darkroom.worker.storage..";
  private static final String MESSAGING = "io.darkroom.worker.messaging..";
  private static final String[] KAFKA = {
    "org.apache.kafka..", "io.micronaut.configuration.kafka.."
  };

  private final JavaClasses classes =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("io.darkroom.worker");

  /** The rules below are only worth something if they see the worker's own classes. */
  @Test
  void shouldImportTheWorkersClassesFromEveryPackage() {
    assertThat(classes.stream().map(JavaClass::getPackageName).collect(Collectors.toSet()))
        .contains(
            "io.darkroom.worker.job",
            "io.darkroom.worker.pipeline",
            "io.darkroom.worker.storage",
            "io.darkroom.worker.messaging");
  }

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
  void shouldKeepTheJobAndThePipelineFreeOfKafka() {
    noClasses()
        .that()
        .resideInAnyPackage(JOB, PIPELINE)
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(KAFKA)
        .allowEmptyShould(false)
        .check(classes);
  }

  @Test
  void shouldKeepThePipelineIndependentOfStorageAndTheJob() {
    noClasses()
        .that()
        .resideInAPackage(PIPELINE)
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(STORAGE, JOB, "io.minio..")
        .allowEmptyShould(false)
        .check(classes);
  }

  @Test
  void shouldLetOnlyMessagingDependOnKafka() {
    noClasses()
        .that()
        .resideOutsideOfPackage(MESSAGING)
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(KAFKA)
        .allowEmptyShould(false)
        .check(classes);
  }

  /** The job reports through its own port; the Kafka adapters depend on it, never the reverse. */
  @Test
  void shouldKeepTheJobIndependentOfMessaging() {
    noClasses()
        .that()
        .resideInAPackage(JOB)
        .should()
        .dependOnClassesThat()
        .resideInAPackage(MESSAGING)
        .allowEmptyShould(false)
        .check(classes);
  }

  /** The rules above would pass vacuously if Kafka were never used: it is, by messaging. */
  @Test
  void shouldFindTheKafkaAdaptersInMessaging() {
    classes()
        .that()
        .resideInAPackage(MESSAGING)
        .and()
        .haveSimpleNameEndingWith("Listener")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(KAFKA)
        .allowEmptyShould(false)
        .check(classes);
  }

  @Test
  void shouldHaveNoCyclesBetweenFeatures() {
    slices().matching("io.darkroom.worker.(*)..").should().beFreeOfCycles().check(classes);
  }
}
