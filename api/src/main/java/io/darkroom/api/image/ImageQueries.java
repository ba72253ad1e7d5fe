package io.darkroom.api.image;

import io.darkroom.api.error.ApiException;
import io.darkroom.api.paging.PageMeta;
import io.darkroom.api.paging.PageRequest;
import io.micronaut.data.model.Page;
import io.micronaut.data.repository.jpa.criteria.PredicateSpecification;
import jakarta.inject.Singleton;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Reads of one owner's images; nothing here writes. */
@Singleton
public class ImageQueries {
  /** Ids per query: well under PostgreSQL's 32767 parameters. */
  private static final int STATE_BATCH = 1000;

  private final ImageRepository images;

  ImageQueries(ImageRepository images) {
    this.images = images;
  }

  public ImageResponse get(String ownerId, UUID id) {
    return ImageResponse.from(find(ownerId, id));
  }

  public ImagePage list(String ownerId, PageRequest page, ImageFilter filter) {
    PredicateSpecification<ImageEntity> spec = ImageSpecifications.ownedBy(ownerId);
    if (filter.status() != null) {
      spec = spec.and(ImageSpecifications.hasStatus(filter.status()));
    }
    if (filter.collectionId() != null) {
      spec = spec.and(ImageSpecifications.inCollection(filter.collectionId()));
    }
    if (filter.search() != null && !filter.search().isBlank()) {
      spec = spec.and(ImageSpecifications.matches(filter.search()));
    }
    Page<ImageEntity> found = images.findAll(spec, page.pageable());
    return new ImagePage(
        found.getContent().stream().map(ImageResponse::from).toList(),
        PageMeta.of(page, found.getTotalSize()));
  }

  /**
   * Where each of the owner's images stands, by id, for many at once (an import's rows and output);
   * an id the owner has no image of is absent.
   */
  public Map<UUID, ImageState> states(String ownerId, Collection<UUID> ids) {
    Map<UUID, ImageState> states = new HashMap<>();
    List<UUID> all = List.copyOf(ids);
    for (int from = 0; from < all.size(); from += STATE_BATCH) {
      List<UUID> batch = all.subList(from, Math.min(all.size(), from + STATE_BATCH));
      for (ImageEntity image : images.findByOwnerIdAndIdIn(ownerId, batch)) {
        states.put(image.id(), ImageState.of(image));
      }
    }
    return states;
  }

  /** 404 when the owner has no such image: another owner's image does not exist for them. */
  ImageEntity find(String ownerId, UUID id) {
    return images
        .findByIdAndOwnerId(id, ownerId)
        .orElseThrow(() -> ApiException.notFound("No image " + id + "."));
  }
}
