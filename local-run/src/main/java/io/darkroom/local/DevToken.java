package io.darkroom.local;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.Date;
import java.util.List;

/**
 * Mints an HS256 bearer token for an owner, for trying authentication locally:
 *
 * <pre>
 * java -cp local-run/target/local-run-0.2.0-SNAPSHOT.jar io.darkroom.local.DevToken alice [hours] [--admin]
 * </pre>
 *
 * <p>{@code --admin} adds the role {@code darkroom-admin} (roles claim): the monitor then shows
 * every owner's figures and the pipeline's internals.
 *
 * <p>It signs with the local run's secret: random, made by the first {@code ./run.sh --auth} and
 * kept in {@code .data/auth/jwt-secret} (only its owner may read it). No secret is written in this
 * repository: the api refuses every one that ever was.
 */
public final class DevToken {
  /** The api's default {@code darkroom.auth.admin-role}. */
  static final String ADMIN_ROLE = "darkroom-admin";

  private DevToken() {}

  public static void main(String[] args) throws JOSEException {
    if (args.length == 0) {
      System.err.println(
          "usage: DevToken <owner> [hours] [--admin]   (run from the repository's root)");
      System.exit(2);
    }
    List<String> rest = Arrays.asList(args).subList(1, args.length);
    boolean admin = rest.contains("--admin");
    Duration lifetime =
        Duration.ofHours(
            rest.stream()
                .filter(a -> !a.startsWith("--"))
                .findFirst()
                .map(Long::parseLong)
                .orElse(2L));
    System.out.println(mint(args[0], localSecret(Path.of(".data")), lifetime, admin));
  }

  /** The local run's secret under {@code dataDir}, made on first use. */
  static String localSecret(Path dataDir) {
    Path file = dataDir.resolve("auth").resolve("jwt-secret");
    try {
      if (!Files.exists(file)) {
        Files.createDirectories(file.getParent());
        byte[] random = new byte[48];
        new SecureRandom().nextBytes(random);
        Files.writeString(file, Base64.getUrlEncoder().withoutPadding().encodeToString(random));
        try {
          Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException notPosix) {
          // the file stays as the platform made it
        }
      }
      return Files.readString(file).strip();
    } catch (IOException e) {
      throw new UncheckedIOException("could not read or make " + file, e);
    }
  }

  static String mint(String owner, String secret, Duration lifetime, boolean admin)
      throws JOSEException {
    Instant now = Instant.now();
    JWTClaimsSet.Builder claims =
        new JWTClaimsSet.Builder()
            .subject(owner)
            .issueTime(Date.from(now))
            .expirationTime(Date.from(now.plus(lifetime)));
    if (admin) {
      claims.claim("roles", List.of(ADMIN_ROLE));
    }
    SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims.build());
    jwt.sign(new MACSigner(secret.getBytes(StandardCharsets.UTF_8)));
    return jwt.serialize();
  }
}
