package io.darkroom.worker.job;

import io.darkroom.schema.ObjectKeys;
import io.darkroom.schema.ProcessImageCommand;
import io.darkroom.worker.pipeline.RenderedImage;

/** Where a command's objects go: always under its image's prefix, beside the original. */
public final class ImageKeys {
  private ImageKeys() {}

  /**
   * Where the image's objects are: beside the original the api recorded, never elsewhere.
   *
   * @throws IllegalArgumentException when the command's original is of another shape or another
   *     image's, so a command can never point the worker's writes under someone else's prefix
   */
  public static String prefix(ProcessImageCommand command) {
    return ObjectKeys.prefixOfOriginal(command.source().key(), command.imageId());
  }

  static String rendition(ProcessImageCommand command, RenderedImage rendition) {
    return ObjectKeys.rendition(prefix(command), rendition.name(), rendition.format());
  }

  static String unfinishedAttempts(ProcessImageCommand command) {
    return ObjectKeys.unfinishedAttempts(prefix(command));
  }
}
