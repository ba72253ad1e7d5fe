package io.darkroom.api.image;

import io.micronaut.core.annotation.Introspected;
import java.util.UUID;

@Introspected
record ImageCount(UUID collectionId, long count) {}
