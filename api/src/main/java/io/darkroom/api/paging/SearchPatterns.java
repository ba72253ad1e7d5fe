package io.darkroom.api.paging;

import io.micronaut.data.repository.jpa.criteria.PredicateSpecification;
import jakarta.persistence.criteria.Predicate;
import java.util.Arrays;
import java.util.Locale;

/** The {@code search} parameter of a list: a case-insensitive substring match. */
public final class SearchPatterns {
  private SearchPatterns() {}

  /**
   * Lower-cased and wrapped in %; the client's %, _ and \ are matched literally (PostgreSQL's
   * escape is \).
   */
  public static String contains(String search) {
    String escaped =
        search
            .strip()
            .toLowerCase(Locale.ROOT)
            .replace("\\", "\\\\")
            .replace("%", "\\%")
            .replace("_", "\\_");
    return "%" + escaped + "%";
  }

  /** Rows where any of {@code properties} contains {@code search}, ignoring case. */
  public static <T> PredicateSpecification<T> anyContains(String search, String... properties) {
    String pattern = contains(search);
    return (root, cb) ->
        cb.or(
            Arrays.stream(properties)
                .map(p -> cb.like(cb.lower(root.get(p)), pattern))
                .toArray(Predicate[]::new));
  }
}
