package io.darkroom.api.owner;

import io.micronaut.context.annotation.Context;
import io.micronaut.context.env.Environment;
import java.util.Locale;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Refuses to start with authentication that would let anyone in: on, but with no way to verify
 * tokens, a secret too short to resist guessing, a secret anybody can read (the development value
 * this repository once published, the .env.example placeholders), or an HS256 secret next to an
 * identity provider's key set (micronaut-security accepts a token that ANY configured key verifies,
 * so whoever holds the secret could mint tokens for any user of the provider).
 */
@Context
final class AuthGuard {
  private static final Logger LOG = LoggerFactory.getLogger(AuthGuard.class);

  static final String JWKS_PREFIX = "micronaut.security.token.jwt.signatures.jwks";

  /** Secrets that have been public in this repository; never accepted again. */
  private static final Set<String> KNOWN =
      Set.of(
          "local-development-secret-change-me-0123456789",
          "change-me-to-32-or-more-random-characters");

  AuthGuard(AuthConfiguration auth, Environment environment) {
    if (!auth.enabled()) {
      LOG.warn(
          "Authentication is OFF (darkroom.auth.enabled=false): every request acts as one owner."
              + " Only for a local run.");
      return;
    }
    boolean jwks = environment.containsProperties(JWKS_PREFIX);
    if (jwks && auth.hasSecret()) {
      throw refuse(
          "must be empty when an identity provider's key set ("
              + JWKS_PREFIX
              + ".*) verifies tokens: only its keys may");
    }
    if (jwks) {
      return;
    }
    if (!auth.hasSecret()) {
      throw refuse("is required with auth on (or set " + JWKS_PREFIX + ".<name>.url)");
    }
    String secret = auth.jwtSecret();
    if (secret.length() < 32) {
      throw refuse("must be at least 32 characters for HS256");
    }
    if (KNOWN.contains(secret) || secret.toLowerCase(Locale.ROOT).matches(".*change[-_ ]?me.*")) {
      throw refuse("is a published or placeholder value; generate one: openssl rand -base64 48");
    }
  }

  private static IllegalStateException refuse(String why) {
    return new IllegalStateException("darkroom.auth.jwt-secret " + why);
  }
}
