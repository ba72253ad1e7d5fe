package io.darkroom.api.paging;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.data.model.Pageable;
import io.micronaut.data.model.Sort;
import org.junit.jupiter.api.Test;

class PageRequestTest {
  @Test
  void shouldTurnAOneBasedPageIntoTheRepositorysZeroBasedOne() {
    Pageable pageable = PageRequest.of(3, 20, "desc", "createdAt").pageable();

    assertThat(pageable.getNumber()).isEqualTo(2);
    assertThat(pageable.getSize()).isEqualTo(20);
    assertThat(pageable.getOffset()).isEqualTo(40);
  }

  @Test
  void shouldBreakTiesByIdInTheSameDirection() {
    assertThat(PageRequest.of(1, 10, "asc", "filename").pageable().getSort().getOrderBy())
        .containsExactly(Sort.Order.asc("filename"), Sort.Order.asc("id"));
    assertThat(PageRequest.of(1, 10, "desc", "name").pageable().getSort().getOrderBy())
        .containsExactly(Sort.Order.desc("name"), Sort.Order.desc("id"));
  }

  @Test
  void shouldShowACollectionsImagesNewestFirst() {
    assertThat(PageRequest.newestFirst(1, 5)).isEqualTo(new PageRequest(1, 5, false, "createdAt"));
    assertThat(PageMeta.of(PageRequest.newestFirst(2, 5), 11)).isEqualTo(new PageMeta(2, 5, 11));
  }
}
