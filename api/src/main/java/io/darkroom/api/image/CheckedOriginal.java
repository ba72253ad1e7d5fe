package io.darkroom.api.image;

import io.darkroom.schema.SourceFormat;

/**
 * An original as its stored bytes describe it, once the upload path has checked it.
 *
 * @param width as the header says, before any EXIF orientation
 */
public record CheckedOriginal(SourceFormat format, long bytes, int width, int height) {}
