package io.darkroom.api.paging;

import io.micronaut.data.model.Pageable;
import io.micronaut.data.model.Sort;

/**
 * One page of a list as the client asked for it; the controller has validated each part.
 *
 * @param page 1-based
 * @param sortBy a property of the listed entity
 */
public record PageRequest(int page, int limit, boolean ascending, String sortBy) {

  /** The parameters of a list endpoint: {@code sort} is {@code asc} or {@code desc}. */
  public static PageRequest of(int page, int limit, String sort, String sortBy) {
    return new PageRequest(page, limit, "asc".equals(sort), sortBy);
  }

  /** Newest first, as a collection shows its images. */
  public static PageRequest newestFirst(int page, int limit) {
    return new PageRequest(page, limit, false, "createdAt");
  }

  /**
   * The page for the repository. {@code id} breaks ties, in the same direction, so that pages never
   * overlap or skip rows with equal sort keys.
   */
  public Pageable pageable() {
    Sort sort =
        Sort.of(
            ascending ? Sort.Order.asc(sortBy) : Sort.Order.desc(sortBy),
            ascending ? Sort.Order.asc("id") : Sort.Order.desc("id"));
    return Pageable.from(page - 1, limit, sort);
  }
}
