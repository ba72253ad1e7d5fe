package io.darkroom.api.image;

import io.darkroom.api.error.ApiException;
import io.darkroom.api.paging.PageMeta;
import io.darkroom.api.paging.PageRequest;
import io.micronaut.data.model.Page;
import io.micronaut.data.repository.jpa.criteria.PredicateSpecification;
import jakarta.inject.Singleton;
import java.util.UUID;

/** Reads of one owner's images; nothing here writes. */
@Singleton
public class ImageQueries {
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

  /** 404 when the owner has no such image: another owner's image does not exist for them. */
  ImageEntity find(String ownerId, UUID id) {
    return images
        .findByIdAndOwnerId(id, ownerId)
        .orElseThrow(() -> ApiException.notFound("No image " + id + "."));
  }
}
