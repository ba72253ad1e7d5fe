package io.darkroom.api.collection;

import io.darkroom.api.error.ApiException;
import io.darkroom.api.image.ImageFilter;
import io.darkroom.api.image.ImageMembership;
import io.darkroom.api.image.ImagePage;
import io.darkroom.api.image.ImageQueries;
import io.darkroom.api.image.Membership;
import io.darkroom.api.paging.PageMeta;
import io.darkroom.api.paging.PageRequest;
import io.darkroom.api.text.TextLimits;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.exceptions.DataAccessException;
import io.micronaut.data.model.Page;
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
  private final ImageQueries images;
  private final ImageMembership membership;

  CollectionService(
      CollectionRepository collections, ImageQueries images, ImageMembership membership) {
    this.collections = collections;
    this.images = images;
    this.membership = membership;
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
  CollectionDtos.CollectionPage list(String ownerId, PageRequest page, @Nullable String search) {
    PredicateSpecification<CollectionEntity> spec = CollectionSpecifications.ownedBy(ownerId);
    if (search != null && !search.isBlank()) {
      spec = spec.and(CollectionSpecifications.matches(search));
    }
    Page<CollectionEntity> found = collections.findAll(spec, page.pageable());
    Map<UUID, Long> counts =
        membership.counts(found.getContent().stream().map(CollectionEntity::id).toList());
    return new CollectionDtos.CollectionPage(
        found.getContent().stream()
            .map(c -> CollectionDtos.CollectionView.from(c, counts.getOrDefault(c.id(), 0L)))
            .toList(),
        PageMeta.of(page, found.getTotalSize()));
  }

  @Transactional(readOnly = true)
  CollectionDtos.CollectionView get(String ownerId, UUID id) {
    CollectionEntity c = find(ownerId, id);
    return CollectionDtos.CollectionView.from(
        c, membership.counts(List.of(id)).getOrDefault(id, 0L));
  }

  /** A page of the collection's images; 404 when the owner has no such collection. */
  @Transactional(readOnly = true)
  ImagePage images(String ownerId, UUID id, PageRequest page) {
    find(ownerId, id);
    return images.list(ownerId, page, ImageFilter.inCollection(id));
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
    return CollectionDtos.CollectionView.from(
        c, membership.counts(List.of(id)).getOrDefault(id, 0L));
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
      moved = membership.add(id, ownerId, ids);
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
    int moved = membership.remove(id, ownerId, ids);
    if (moved != ids.size()) {
      explainMismatch(ownerId, id, ids, false);
    }
  }

  /** Throws the reason some images did not move; the transaction rolls back, so nothing changed. */
  private void explainMismatch(String ownerId, UUID id, Set<UUID> ids, boolean adding) {
    List<Membership> found = membership.of(ownerId, ids);
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
      // every image is known and none is elsewhere: only a concurrent change explains it
      throw ApiException.conflict(
          "The images changed while they were being added; nothing was changed.");
    }
  }

  private CollectionEntity find(String ownerId, UUID id) {
    return collections.findByIdAndOwnerId(id, ownerId).orElseThrow(() -> unknownCollection(id));
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
