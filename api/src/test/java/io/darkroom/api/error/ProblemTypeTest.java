package io.darkroom.api.error;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Clients branch on a problem's type URI: each must name one problem. */
class ProblemTypeTest {
  @Test
  void shouldGiveEveryProblemItsOwnTypeAndTitle() {
    assertThat(Arrays.stream(ProblemType.values()).map(ProblemType::type)).doesNotHaveDuplicates();
    assertThat(Arrays.stream(ProblemType.values()).map(ProblemType::title)).doesNotHaveDuplicates();
  }

  @Test
  void shouldAnswerAFrameworkStatusWithItsEntryNeverValidation() {
    assertThat(ProblemType.forStatus(400)).isEqualTo(ProblemType.BAD_REQUEST);
    assertThat(ProblemType.forStatus(405)).isEqualTo(ProblemType.METHOD_NOT_ALLOWED);
    assertThat(ProblemType.forStatus(502)).isEqualTo(ProblemType.INTERNAL);
    assertThat(ProblemType.forStatus(418)).isEqualTo(ProblemType.BAD_REQUEST);
  }

  @Test
  void shouldCarryATraceIdOnlyWhenOneIsGiven() {
    Problem problem = Problem.of(ProblemType.NOT_FOUND, "No image.");
    assertThat(problem.traceId()).isNull();
    assertThat(problem.traced("abc").traceId()).isEqualTo("abc");
    assertThat(problem.traced("abc").detail()).isEqualTo("No image.");
  }
}
