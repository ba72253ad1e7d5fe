package io.darkroom.api.error;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FieldPathsTest {
  @Test
  void shouldDropTheMethodAndTheBodyParameterOfAFrameworkPath() {
    assertThat(FieldPaths.of("process.request.renditions[0].name")).isEqualTo("renditions[0].name");
    assertThat(FieldPaths.of("uploadForm.request.size")).isEqualTo("size");
  }

  @Test
  void shouldDropOnlyTheMethodOfAQueryParameter() {
    assertThat(FieldPaths.of("list.limit")).isEqualTo("limit");
    assertThat(FieldPaths.of("limit")).isEqualTo("limit");
  }

  @Test
  void shouldNameAFieldInsideAListElement() {
    assertThat(FieldPaths.element("renditions", 2, "width")).isEqualTo("renditions[2].width");
    assertThat(FieldPaths.element("renditions", 0, "")).isEqualTo("renditions[0]");
  }
}
