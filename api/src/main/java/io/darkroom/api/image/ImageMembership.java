package io.darkroom.api.image;

import jakarta.inject.Singleton;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Which collection each image is in: one column of {@code images} ({@code collection_id}, at most
 * one collection an image), written by guarded updates that only move images that are free or
 * already where they are asked to leave. Called inside the collection feature's transactions.
 */
@Singleton
public class ImageMembership {
  private final ImageRepository images;

  ImageMembership(ImageRepository images) {
    this.images = images;
  }

  /** Moves the owner's free images (and those already there) in; how many rows matched. */
  public int add(UUID collectionId, String ownerId, Collection<UUID> ids) {
    return images.addToCollection(collectionId, ownerId, ids);
  }

  /** Takes the owner's images out of this collection; how many rows matched. */
  public int remove(UUID collectionId, String ownerId, Collection<UUID> ids) {
    return images.removeFromCollection(collectionId, ownerId, ids);
  }

  /**
   * The owner's images among {@code ids} with the collection each is in; unknown ids are left out.
   */
  public List<Membership> of(String ownerId, Collection<UUID> ids) {
    return images.membership(ownerId, ids);
  }

  /** How many images each collection holds; collections holding none are left out. */
  public Map<UUID, Long> counts(Collection<UUID> collectionIds) {
    if (collectionIds.isEmpty()) {
      return Map.of();
    }
    return images.countInCollections(collectionIds).stream()
        .collect(Collectors.toMap(ImageCount::collectionId, ImageCount::count));
  }
}
