package io.darkroom.api.image;

import io.micronaut.serde.annotation.Serdeable;

/** Where a page sits: {@code page} is 1-based, {@code total} counts every match. */
@Serdeable
public record PageMeta(int page, int limit, long total) {}
