package io.darkroom.api.owner;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.context.annotation.Context;
import jakarta.validation.constraints.NotBlank;

/**
 * @param anonymousOwner the owner of every request when authentication is off (the local run)
 */
@Context
@ConfigurationProperties("darkroom.owner")
record OwnerConfiguration(@NotBlank String anonymousOwner) {}
