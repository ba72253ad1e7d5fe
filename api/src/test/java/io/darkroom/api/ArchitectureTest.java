package io.darkroom.api;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import io.micronaut.data.annotation.MappedEntity;
import io.micronaut.data.annotation.Query;
import io.micronaut.data.repository.GenericRepository;
import io.micronaut.json.JsonMapper;
import jakarta.validation.Validator;
import java.lang.reflect.Method;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The boundaries STYLE.md asks for, checked on every build. */
class ArchitectureTest {
  private static final Pattern WRITE =
      Pattern.compile(
          "\\b(?:UPDATE\\s+(\\w+)\\s+SET|INSERT\\s+INTO\\s+(\\w+)|DELETE\\s+FROM\\s+(\\w+))",
          Pattern.CASE_INSENSITIVE);

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

  /** Controllers map HTTP to a service call: parsing and validating bodies is not theirs. */
  @Test
  void shouldKeepControllersFreeOfValidatorsAndJsonMappers() {
    noClasses()
        .that()
        .haveSimpleNameEndingWith("Controller")
        .should()
        .dependOnClassesThat()
        .areAssignableTo(Validator.class)
        .orShould()
        .dependOnClassesThat()
        .areAssignableTo(JsonMapper.class)
        .orShould()
        .dependOnClassesThat()
        .resideInAnyPackage("com.fasterxml.jackson.databind..")
        .check(classes);
  }

  @Test
  void shouldHaveNoCyclesBetweenFeatures() {
    slices().matching("io.darkroom.api.(*)..").should().beFreeOfCycles().check(classes);
  }

  /**
   * One writer per table, half one: a repository is used only by its own feature's package, so
   * whatever another feature needs of a table goes through that feature's API (as the collection
   * feature moves images through {@code image.ImageMembership}).
   */
  @Test
  void shouldUseEachRepositoryOnlyInItsOwnPackage() {
    classes()
        .that()
        .areAssignableTo(GenericRepository.class)
        .and()
        .areInterfaces()
        .should(beUsedOnlyInTheirOwnPackage())
        .allowEmptyShould(false)
        .check(classes);
  }

  /**
   * One writer per table, half two: every UPDATE, INSERT or DELETE a repository states names the
   * table of its own entity.
   */
  @Test
  void shouldWriteOnlyItsOwnTableFromEachRepository() {
    List<String> checked = new ArrayList<>();
    for (JavaClass repository : classes) {
      if (!repository.isInterface() || !repository.isAssignableTo(GenericRepository.class)) {
        continue;
      }
      Class<?> type = repository.reflect();
      String table = tableOf(type);
      for (Method method : type.getDeclaredMethods()) {
        Query query = method.getAnnotation(Query.class);
        if (query == null) {
          continue;
        }
        Matcher write = WRITE.matcher(query.value());
        while (write.find()) {
          String written =
              write.group(1) != null
                  ? write.group(1)
                  : write.group(2) != null ? write.group(2) : write.group(3);
          assertThat(written.toLowerCase(Locale.ROOT))
              .as("%s.%s writes", type.getSimpleName(), method.getName())
              .isEqualTo(table);
          checked.add(type.getSimpleName() + "." + method.getName());
        }
      }
    }
    assertThat(checked)
        .contains("ImageRepository.markSucceeded", "ImageRepository.addToCollection");
  }

  private static String tableOf(Class<?> repository) {
    for (Type generic : repository.getGenericInterfaces()) {
      if (generic instanceof ParameterizedType parameterized
          && parameterized.getActualTypeArguments()[0] instanceof Class<?> entity
          && entity.isAnnotationPresent(MappedEntity.class)) {
        return entity.getAnnotation(MappedEntity.class).value();
      }
    }
    throw new AssertionError(repository + " names no @MappedEntity");
  }

  private static ArchCondition<JavaClass> beUsedOnlyInTheirOwnPackage() {
    return new ArchCondition<>("be used only in their own package") {
      @Override
      public void check(JavaClass repository, ConditionEvents events) {
        for (Dependency dependency : repository.getDirectDependenciesToSelf()) {
          JavaClass user = dependency.getOriginClass();
          if (!user.getPackageName().equals(repository.getPackageName())) {
            events.add(SimpleConditionEvent.violated(dependency, dependency.getDescription()));
          }
        }
      }
    };
  }
}
