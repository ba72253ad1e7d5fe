package io.darkroom.api.image;

import io.darkroom.api.paging.SearchPatterns;
import io.micronaut.data.repository.jpa.criteria.PredicateSpecification;
import java.util.UUID;

/** Filters of the image list; every query is scoped by owner first. */
final class ImageSpecifications {
  private ImageSpecifications() {}

  static PredicateSpecification<ImageEntity> ownedBy(String ownerId) {
    return (root, cb) -> cb.equal(root.get("ownerId"), ownerId);
  }

  static PredicateSpecification<ImageEntity> hasStatus(ImageStatus status) {
    // compared as stored: the lowercase word the converter writes
    return (root, cb) -> cb.equal(root.get("status"), status.wireName());
  }

  static PredicateSpecification<ImageEntity> inCollection(UUID collectionId) {
    return (root, cb) -> cb.equal(root.get("collectionId"), collectionId);
  }

  /** Substring match; the client's % and _ are matched literally. */
  static PredicateSpecification<ImageEntity> matches(String search) {
    return SearchPatterns.anyContains(search, "filename", "description");
  }
}
