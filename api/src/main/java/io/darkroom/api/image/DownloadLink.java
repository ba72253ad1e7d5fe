package io.darkroom.api.image;

import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.media.Schema;
import java.net.URI;
import java.time.Instant;

/** A presigned GET of one file, for a client that asked for JSON instead of the redirect. */
@Serdeable
@Schema(name = "DownloadLink", description = "A short-lived presigned GET of the file")
public record DownloadLink(URI url, Instant expiresAt) {}
