package io.darkroom.api.image;

import io.darkroom.schema.SourceFormat;
import java.util.UUID;

/**
 * An image whose original the client will PUT or POST to storage itself.
 *
 * @param uploadKey what the client's URL or form writes
 * @param originalKey where the checked copy will go
 * @param expected the type the URL or form is signed for
 */
public record AwaitedImage(
    UUID id,
    String ownerId,
    String uploadKey,
    String originalKey,
    String filename,
    SourceFormat expected) {}
