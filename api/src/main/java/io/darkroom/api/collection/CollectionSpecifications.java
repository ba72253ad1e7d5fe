package io.darkroom.api.collection;

import io.darkroom.api.paging.SearchPatterns;
import io.micronaut.data.repository.jpa.criteria.PredicateSpecification;

/** Filters of the collection list; every query is scoped by owner first. */
final class CollectionSpecifications {
  private CollectionSpecifications() {}

  static PredicateSpecification<CollectionEntity> ownedBy(String ownerId) {
    return (root, cb) -> cb.equal(root.get("ownerId"), ownerId);
  }

  /** Substring match; the client's % and _ are matched literally. */
  static PredicateSpecification<CollectionEntity> matches(String search) {
    return SearchPatterns.anyContains(search, "name", "description");
  }
}
