package io.darkroom.worker.pipeline;

import io.darkroom.schema.SourceFormat;
import java.util.List;

/** Everything made from one decode of one source, with where the time went. */
public record PipelineResult(
    int sourceWidth,
    int sourceHeight,
    SourceFormat sourceFormat,
    List<RenderedImage> renditions,
    long decodeMs,
    long resizeMs,
    long encodeMs) {}
