package io.darkroom.worker.job;

import io.darkroom.schema.ImageProcessed;
import io.darkroom.schema.ProcessImageCommand;
import io.darkroom.worker.pipeline.RenderedImage;
import io.darkroom.worker.storage.ObjectStorage;
import java.util.ArrayList;
import java.util.List;

/**
 * Stores renditions in the processed bucket under the image's prefix. Keys are deterministic, so a
 * redelivered command overwrites its earlier output instead of adding a copy.
 */
final class RenditionWriter {
  private final ObjectStorage storage;

  RenditionWriter(ObjectStorage storage) {
    this.storage = storage;
  }

  /** Writes each rendition, in order; returns them as the outcome event lists them. */
  List<ImageProcessed.Rendition> store(
      ProcessImageCommand command, List<RenderedImage> renditions) {
    List<ImageProcessed.Rendition> written = new ArrayList<>(renditions.size());
    for (RenderedImage rendition : renditions) {
      written.add(store(command, rendition));
    }
    return written;
  }

  private ImageProcessed.Rendition store(ProcessImageCommand command, RenderedImage r) {
    String key = ImageKeys.rendition(command, r);
    String bucket = storage.processedBucket();
    storage.put(bucket, key, r.data(), r.format().mediaType());
    return new ImageProcessed.Rendition(
        r.name(), bucket, key, r.width(), r.height(), r.format(), r.data().length);
  }
}
