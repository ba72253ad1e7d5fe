package io.darkroom.api.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.darkroom.api.error.ApiException;
import org.junit.jupiter.api.Test;

class TextLimitsTest {
  @Test
  void shouldStripANameAndRefuseItOutsideTwoTo255Characters() {
    assertThat(TextLimits.name("name", "  Holidays ")).isEqualTo("Holidays");
    assertThatThrownBy(() -> TextLimits.name("name", " a ")).isInstanceOf(ApiException.class);
    assertThatThrownBy(() -> TextLimits.name("name", "x".repeat(256)))
        .isInstanceOf(ApiException.class);
  }

  @Test
  void shouldAllowLineBreaksInADescriptionButNoOtherControlCharacter() {
    assertThat(TextLimits.description("description", "line one\r\n\tline two"))
        .isEqualTo("line one\r\n\tline two");
    assertThatThrownBy(() -> TextLimits.description("description", "bell\u0007"))
        .isInstanceOf(ApiException.class)
        .satisfies(
            e -> assertThat(((ApiException) e).errors().get(0).field()).isEqualTo("description"));
    assertThatThrownBy(() -> TextLimits.name("name", "tab\there")).isInstanceOf(ApiException.class);
  }

  @Test
  void shouldTreatABlankDescriptionAsNone() {
    assertThat(TextLimits.description("description", "   ")).isNull();
    assertThat(TextLimits.description("description", null)).isNull();
  }

  @Test
  void shouldBoundAnyTextByItsLimit() {
    assertThat(TextLimits.check("search", "x".repeat(200), TextLimits.SEARCH)).hasSize(200);
    assertThatThrownBy(() -> TextLimits.check("search", "x".repeat(201), TextLimits.SEARCH))
        .isInstanceOf(ApiException.class);
  }
}
