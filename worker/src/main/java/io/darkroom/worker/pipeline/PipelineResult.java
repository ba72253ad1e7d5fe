package io.darkroom.worker.pipeline;

import io.darkroom.schema.SourceFormat;
import java.util.List;

/**
 * Everything made from one decode of one source, with where the time went and which decoder read it
 * ({@link JpegDecoders#LIBJPEG_TURBO} or {@link JpegDecoders#JAVA}).
 */
public record PipelineResult(
    int sourceWidth,
    int sourceHeight,
    SourceFormat sourceFormat,
    List<RenderedImage> renditions,
    long decodeMs,
    long resizeMs,
    long encodeMs,
    String decoder) {}
