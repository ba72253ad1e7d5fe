package io.darkroom.api.owner;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.context.annotation.Context;
import io.micronaut.core.annotation.Nullable;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/**
 * @param enabled bearer JWTs required on every endpoint but health, metrics (configurable) and the
 *     docs
 * @param jwtSecret the HS256 secret tokens are checked against; 32 bytes at least
 * @param ownerClaim the claim that names the owner of data ({@code sub} by default)
 * @param tenantClaim when set, owners are scoped by this claim too ({@code <tenant>/<owner>})
 */
@Context
@ConfigurationProperties("darkroom.auth")
record AuthConfiguration(
    boolean enabled,
    @NotBlank @Size(min = 32, message = "must be at least 32 characters for HS256")
        String jwtSecret,
    @NotBlank String ownerClaim,
    @Nullable String tenantClaim) {

  @Override
  public String toString() {
    return "AuthConfiguration[enabled="
        + enabled
        + ", ownerClaim="
        + ownerClaim
        + ", jwtSecret=***]";
  }
}
