package io.darkroom.api.paging;

import io.micronaut.serde.annotation.Serdeable;

/** Where a page sits: {@code page} is 1-based, {@code total} counts every match. */
@Serdeable
public record PageMeta(int page, int limit, long total) {

  public static PageMeta of(PageRequest request, long total) {
    return new PageMeta(request.page(), request.limit(), total);
  }
}
