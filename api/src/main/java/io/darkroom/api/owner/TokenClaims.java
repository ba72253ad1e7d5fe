package io.darkroom.api.owner;

import io.micronaut.security.token.Claims;
import io.micronaut.security.token.jwt.validator.GenericJwtClaimsValidator;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Date;
import java.util.List;

/**
 * What a token must say besides a valid signature (micronaut-security checks {@code exp} only when
 * present): an expiry, so no token lives for ever; not-before honoured; the configured issuer and
 * audience, when set, so a token the provider issued for another application is refused.
 */
@Singleton
final class TokenClaims<T> implements GenericJwtClaimsValidator<T> {
  /** Clock skew allowed between us and whoever issued the token. */
  private static final Duration SKEW = Duration.ofSeconds(60);

  private final AuthConfiguration auth;

  TokenClaims(AuthConfiguration auth) {
    this.auth = auth;
  }

  @Override
  public boolean validate(Claims claims, T request) {
    Instant now = Instant.now();
    Instant expires = instant(claims.get(Claims.EXPIRATION_TIME));
    if (expires == null || !now.minus(SKEW).isBefore(expires)) {
      return false;
    }
    Instant notBefore = instant(claims.get(Claims.NOT_BEFORE));
    if (notBefore != null && now.plus(SKEW).isBefore(notBefore)) {
      return false;
    }
    String issuer = auth.issuer();
    if (issuer != null
        && !issuer.isBlank()
        && !issuer.equals(String.valueOf(claims.get(Claims.ISSUER)))) {
      return false;
    }
    String audience = auth.audience();
    return audience == null || audience.isBlank() || audiences(claims).contains(audience);
  }

  private static Instant instant(Object value) {
    if (value instanceof Date date) {
      return date.toInstant();
    }
    if (value instanceof Instant instant) {
      return instant;
    }
    if (value instanceof Number seconds) {
      return Instant.ofEpochSecond(seconds.longValue());
    }
    return null;
  }

  private static Collection<?> audiences(Claims claims) {
    Object aud = claims.get(Claims.AUDIENCE);
    if (aud instanceof Collection<?> many) {
      return many.stream().map(String::valueOf).toList();
    }
    return aud == null ? List.of() : List.of(String.valueOf(aud));
  }
}
