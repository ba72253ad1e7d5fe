package io.darkroom.api.image;

import io.micronaut.core.annotation.Introspected;
import io.micronaut.core.annotation.Nullable;
import java.time.Instant;

/** How many images are in one unfinished status, and since when the oldest has been there. */
@Introspected
record StatusBacklog(String status, long count, @Nullable Instant oldest) {}
