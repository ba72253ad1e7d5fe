package io.darkroom.api.owner;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.context.annotation.Context;
import io.micronaut.core.annotation.Nullable;
import jakarta.validation.constraints.NotBlank;

/**
 * How callers prove who they are. Checked at start-up by {@link AuthGuard}: with auth on, either an
 * HS256 secret of our own or an identity provider's key set, never both, and never a known or
 * placeholder secret.
 *
 * @param enabled bearer JWTs required on every endpoint but liveness/readiness and the docs; on
 *     unless a deployment (the local run) turns it off
 * @param jwtSecret the HS256 secret tokens are checked against; 32 characters at least; empty when
 *     tokens come from an identity provider (micronaut.security.token.jwt.signatures.jwks.*)
 * @param ownerClaim the claim that names the owner of data ({@code sub} by default)
 * @param tenantClaim when set, owners are scoped by this claim too
 * @param issuer when set, a token's {@code iss} must be exactly this
 * @param audience when set, a token's {@code aud} must include this
 * @param adminRole the role (in the token's {@code roles} claim) that lets a caller see every
 *     owner's figures and the pipeline's internals on the monitor
 */
@Context
@ConfigurationProperties("darkroom.auth")
record AuthConfiguration(
    boolean enabled,
    @Nullable String jwtSecret,
    @NotBlank String ownerClaim,
    @Nullable String tenantClaim,
    @Nullable String issuer,
    @Nullable String audience,
    @NotBlank String adminRole) {

  boolean hasSecret() {
    return jwtSecret != null && !jwtSecret.isBlank();
  }

  @Override
  public String toString() {
    return "AuthConfiguration[enabled="
        + enabled
        + ", ownerClaim="
        + ownerClaim
        + ", issuer="
        + issuer
        + ", audience="
        + audience
        + ", adminRole="
        + adminRole
        + ", jwtSecret=***]";
  }
}
