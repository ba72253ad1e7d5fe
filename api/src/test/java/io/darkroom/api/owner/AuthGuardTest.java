package io.darkroom.api.owner;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micronaut.context.env.DefaultEnvironment;
import io.micronaut.context.env.Environment;
import io.micronaut.context.env.PropertySource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AuthGuardTest {
  private static final String GOOD = "q0F3a9vNw2Zk7LmP4sXc8TbY1hRj6UeDgVnKo5iW";

  @Test
  void shouldRefuseToStartWithAuthOnAndNoUsableSecretNamingTheKey() {
    for (String secret :
        new String[] {
          "",
          "short-secret",
          "local-development-secret-change-me-0123456789",
          "change-me-to-32-or-more-random-characters",
          "CHANGE_ME_generate_with_openssl_rand_base64_48",
          "please-changeme-before-production-0000000"
        }) {
      assertThatThrownBy(() -> new AuthGuard(auth(true, secret), environment(Map.of())))
          .as(secret)
          .isInstanceOf(IllegalStateException.class)
          .hasMessageStartingWith("darkroom.auth.jwt-secret ");
    }
  }

  @Test
  void shouldRefuseTheSecretOfEnvExampleCopiedAsItIs() throws Exception {
    String secret =
        Files.readAllLines(Path.of(System.getProperty("darkroom.home"), ".env.example")).stream()
            .filter(line -> line.startsWith("DARKROOM_AUTH_JWT_SECRET="))
            .map(line -> line.substring(line.indexOf('=') + 1))
            .findFirst()
            .orElseThrow();

    assertThatThrownBy(() -> new AuthGuard(auth(true, secret), environment(Map.of())))
        .hasMessageStartingWith("darkroom.auth.jwt-secret ");
  }

  @Test
  void shouldRefuseASecretNextToAnIdentityProvidersKeySet() {
    Map<String, Object> jwks =
        Map.of("micronaut.security.token.jwt.signatures.jwks.idp.url", "https://idp/certs");

    assertThatThrownBy(() -> new AuthGuard(auth(true, GOOD), environment(jwks)))
        .hasMessageContaining("must be empty when an identity provider's key set");
    assertThatCode(() -> new AuthGuard(auth(true, ""), environment(jwks)))
        .doesNotThrowAnyException();
  }

  @Test
  void shouldStartWithAStrongSecretOrWithAuthOff() {
    assertThatCode(() -> new AuthGuard(auth(true, GOOD), environment(Map.of())))
        .doesNotThrowAnyException();
    assertThatCode(() -> new AuthGuard(auth(false, ""), environment(Map.of())))
        .doesNotThrowAnyException();
  }

  private static AuthConfiguration auth(boolean enabled, String secret) {
    return new AuthConfiguration(enabled, secret, "sub", null, null, null, "darkroom-admin");
  }

  private static Environment environment(Map<String, Object> properties) {
    DefaultEnvironment env = new DefaultEnvironment(() -> List.of("test"));
    env.addPropertySource(PropertySource.of("test", properties));
    return env.start();
  }
}
