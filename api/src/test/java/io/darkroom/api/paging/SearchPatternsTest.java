package io.darkroom.api.paging;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SearchPatternsTest {
  @Test
  void shouldMatchASubstringIgnoringCase() {
    assertThat(SearchPatterns.contains("  Beach ")).isEqualTo("%beach%");
  }

  @Test
  void shouldMatchTheClientsWildcardsAndEscapeLiterally() {
    assertThat(SearchPatterns.contains("100%_off\\")).isEqualTo("%100\\%\\_off\\\\%");
  }
}
