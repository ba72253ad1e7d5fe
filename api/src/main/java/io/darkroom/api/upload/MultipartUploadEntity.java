package io.darkroom.api.upload;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import java.time.Instant;
import java.util.UUID;

/**
 * A row of {@code multipart_uploads}: whose upload an upload id is, and of which key.
 *
 * @param objectKey the image's upload key, which the server chose
 * @param description the image's, given when the upload started; recorded when it completes
 */
@MappedEntity("multipart_uploads")
record MultipartUploadEntity(
    @Id String uploadId,
    UUID imageId,
    String ownerId,
    String objectKey,
    String filename,
    @Nullable String description,
    Instant createdAt) {}
