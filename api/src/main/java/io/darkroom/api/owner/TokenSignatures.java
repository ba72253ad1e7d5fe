package io.darkroom.api.owner;

import com.nimbusds.jose.JWSAlgorithm;
import io.micronaut.context.ApplicationContext;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.condition.Condition;
import io.micronaut.context.condition.ConditionContext;
import io.micronaut.context.env.Environment;
import io.micronaut.security.token.jwt.signature.SignatureConfiguration;
import io.micronaut.security.token.jwt.signature.secret.SecretSignature;
import io.micronaut.security.token.jwt.signature.secret.SecretSignatureConfiguration;
import jakarta.inject.Named;
import jakarta.inject.Singleton;

/**
 * The HS256 key tokens are verified with, made only when there is a secret and no identity
 * provider's key set: with a key set configured, only its keys verify tokens.
 */
@Factory
final class TokenSignatures {
  @Singleton
  @Named("darkroom")
  @Requires(condition = SecretOnly.class)
  SignatureConfiguration hs256(AuthConfiguration auth) {
    SecretSignatureConfiguration secret = new SecretSignatureConfiguration("darkroom");
    secret.setSecret(auth.jwtSecret());
    secret.setJwsAlgorithm(JWSAlgorithm.HS256);
    return new SecretSignature(secret);
  }

  /** A secret is set and no JWKS signature is configured. */
  static final class SecretOnly implements Condition {
    @Override
    public boolean matches(ConditionContext context) {
      if (!(context.getBeanContext() instanceof ApplicationContext app)) {
        return false;
      }
      Environment env = app.getEnvironment();
      String secret = env.getProperty("darkroom.auth.jwt-secret", String.class).orElse("");
      return !secret.isBlank() && !env.containsProperties(AuthGuard.JWKS_PREFIX);
    }
  }
}
