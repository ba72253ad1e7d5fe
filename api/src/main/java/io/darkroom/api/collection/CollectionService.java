package io.darkroom.api.collection;

import io.darkroom.api.error.ApiException;
import io.darkroom.api.image.ImagePage;
import io.darkroom.api.image.ImageQuery;
import io.darkroom.api.image.ImageService;
import io.darkroom.api.image.PageMeta;
import io.darkroom.api.image.TextLimits;
import io.darkroom.api.query.SearchPatterns;
import io.micronaut.data.exceptions.DataAccessException;
import io.micronaut.data.model.Page;
import io.micronaut.data.model.Pageable;
import io.micronaut.data.model.Sort;
import io.micronaut.data.repository.jpa.criteria.PredicateSpecification;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;
import java.sql.SQLException;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Collections of one owner's images, and which image is in which. */
@Singleton
class CollectionService {
  private static final Logger LOG = LoggerFactory.getLogger(CollectionService.class);
  private static final String FOREIGN_KEY_VIOLATION = "23503";

  private final CollectionRepository collections;
  private final ImageService images;

  CollectionService(CollectionRepository collections, ImageService images) {
    this.collections = collections;
    this.images = images;
  }

  CollectionDtos.CollectionView create(String ownerId, CollectionDtos.CreateRequest request) {
    Instant now = Instant.now();
    CollectionEntity saved =
        collections.save(
            new CollectionEntity(
                UUID.randomUUID(),
                ownerId,
                TextLimits.name("name", request.name()),
                TextLimits.description("description", request.description()),
                now,
                now));
    LOG.info("Collection {} created", saved.id());
    return CollectionDtos.CollectionView.from(saved, 0);
  }

  @Transactional(readOnly = true)
  CollectionDtos.CollectionPage list(
      String ownerId, int page, int limit, boolean ascending, String sortBy, String search) {
    PredicateSpecification<CollectionEntity> spec =
        (root, cb) -> cb.equal(root.get("ownerId"), ownerId);
    if (search != null && !search.isBlank()) {
      String pattern = SearchPatterns.contains(search);
      spec =
          spec.and(
              (root, cb) ->
                  cb.or(
                      cb.like(cb.lower(root.get("name")), pattern),
                      cb.like(cb.lower(root.get("description")), pattern)));
    }
    Sort sort =
        Sort.of(
            ascending ? Sort.Order.asc(sortBy) : Sort.Order.desc(sortBy),
            ascending ? Sort.Order.asc("id") : Sort.Order.desc("id"));
    Page<CollectionEntity> found = collections.findAll(spec, Pageable.from(page - 1, limit, sort));
    Map<UUID, Long> counts = counts(found.getContent().stream().map(CollectionEntity::id).toList());
    return new CollectionDtos.CollectionPage(
        found.getContent().stream()
            .map(c -> CollectionDtos.CollectionView.from(c, counts.getOrDefault(c.id(), 0L)))
            .toList(),
        new PageMeta(page, limit, found.getTotalSize()));
  }

  @Transactional(readOnly = true)
  CollectionDtos.CollectionDetail get(String ownerId, UUID id, int page, int limit) {
    CollectionEntity c = find(ownerId, id);
    ImagePage members =
        images.list(ownerId, new ImageQuery(page, limit, false, "createdAt", null, null, id));
    return new CollectionDtos.CollectionDetail(
        c.id(),
        c.name(),
        c.description(),
        members.meta().total(),
        c.createdAt(),
        c.updatedAt(),
        members.data(),
        members.meta());
  }

  @Transactional
  CollectionDtos.CollectionView patch(
      String ownerId, UUID id, CollectionDtos.PatchRequest request) {
    String name = request.name() == null ? null : TextLimits.name("name", request.name());
    // null keeps the description, a blank one clears it
    String description =
        request.description() == null || request.description().isBlank()
            ? request.description() == null ? null : ""
            : TextLimits.description("description", request.description());
    if (collections.patch(id, ownerId, name, description) == 0) {
      throw unknownCollection(id);
    }
    CollectionEntity c = find(ownerId, id);
    return CollectionDtos.CollectionView.from(c, counts(List.of(id)).getOrDefault(id, 0L));
  }

  /**
   * The foreign key refuses to delete a collection that still holds images, even one added a moment
   * ago.
   */
  @Transactional
  void delete(String ownerId, UUID id) {
    int deleted;
    try {
      deleted = collections.deleteOwned(id, ownerId);
    } catch (DataAccessException e) {
      if (isForeignKeyViolation(e)) {
        throw ApiException.conflict(
            "Collection " + id + " still holds images; remove them before deleting it.");
      }
      throw e;
    }
    if (deleted == 0) {
      throw unknownCollection(id);
    }
    LOG.info("Collection {} deleted", id);
  }

  /**
   * Adds every image or none. The collection is share-locked (it cannot be deleted meanwhile); the
   * update moves only images that are free or already here, so a racing add of the same image to
   * another collection finds it taken and this request rolls back with 409.
   */
  @Transactional
  void addImages(String ownerId, UUID id, List<UUID> imageIds) {
    Set<UUID> ids = new LinkedHashSet<>(imageIds);
    collections.lockOwned(id, ownerId).orElseThrow(() -> unknownCollection(id));
    int moved;
    try {
      moved = collections.addImages(id, ownerId, ids);
    } catch (DataAccessException e) {
      if (isForeignKeyViolation(e)) {
        throw unknownCollection(id);
      }
      throw e;
    }
    if (moved != ids.size()) {
      explainMismatch(ownerId, id, ids, true);
    }
  }

  /**
   * Removes every image or none; an image in no collection is a no-op, one in another collection a
   * 409.
   */
  @Transactional
  void removeImages(String ownerId, UUID id, List<UUID> imageIds) {
    Set<UUID> ids = new LinkedHashSet<>(imageIds);
    collections.lockOwned(id, ownerId).orElseThrow(() -> unknownCollection(id));
    int moved = collections.removeImages(id, ownerId, ids);
    if (moved != ids.size()) {
      explainMismatch(ownerId, id, ids, false);
    }
  }

  /** Throws the reason some images did not move; the transaction rolls back, so nothing changed. */
  private void explainMismatch(String ownerId, UUID id, Set<UUID> ids, boolean adding) {
    List<Membership> found = collections.membership(ownerId, ids);
    Set<UUID> known = found.stream().map(Membership::id).collect(Collectors.toSet());
    List<UUID> unknown = ids.stream().filter(i -> !known.contains(i)).toList();
    if (!unknown.isEmpty()) {
      throw ApiException.notFound("No image " + unknown.get(0) + "; nothing was changed.");
    }
    for (Membership m : found) {
      if (m.collectionId() != null && !m.collectionId().equals(id)) {
        throw ApiException.conflict(
            "Image "
                + m.id()
                + " is in another collection; an image is in at most one. Nothing was changed.");
      }
    }
    if (adding) {
      // every image is known and none is elsewhere: only a concurrent change can explain the
      // mismatch
      throw ApiException.conflict(
          "The images changed while they were being added; nothing was changed.");
    }
  }

  private CollectionEntity find(String ownerId, UUID id) {
    return collections.findByIdAndOwnerId(id, ownerId).orElseThrow(() -> unknownCollection(id));
  }

  private Map<UUID, Long> counts(List<UUID> ids) {
    if (ids.isEmpty()) {
      return Map.of();
    }
    return collections.imageCounts(ids).stream()
        .collect(Collectors.toMap(ImageCount::collectionId, ImageCount::count));
  }

  private static ApiException unknownCollection(UUID id) {
    return ApiException.notFound("No collection " + id + ".");
  }

  private static boolean isForeignKeyViolation(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SQLException sql && FOREIGN_KEY_VIOLATION.equals(sql.getSQLState())) {
        return true;
      }
    }
    return false;
  }
}
