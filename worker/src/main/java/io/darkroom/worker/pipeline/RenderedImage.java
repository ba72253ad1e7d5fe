package io.darkroom.worker.pipeline;

import io.darkroom.schema.OutputFormat;

/** One encoded rendition, ready to store. {@code format} is concrete (never AUTO). */
public record RenderedImage(String name, OutputFormat format, int width, int height, byte[] data) {}
