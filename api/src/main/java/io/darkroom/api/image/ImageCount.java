package io.darkroom.api.collection;

import io.micronaut.core.annotation.Introspected;
import java.util.UUID;

@Introspected
record ImageCount(UUID collectionId, long count) {}
