package io.darkroom.local;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;

/**
 * Mints an HS256 bearer token for an owner, for trying authentication locally:
 *
 * <pre>
 * java -cp local-run/target/local-run-0.1.0-SNAPSHOT.jar io.darkroom.local.DevToken alice [secret] [hours]
 * </pre>
 *
 * <p>The default secret is the one {@code ./run.sh --auth} starts the api with. Never use it
 * anywhere else.
 */
public final class DevToken {
  /** The local run's secret: public on purpose, as it only protects a developer's own machine. */
  public static final String LOCAL_SECRET = "local-development-secret-change-me-0123456789";

  private DevToken() {}

  public static void main(String[] args) throws JOSEException {
    if (args.length == 0) {
      System.err.println("usage: DevToken <owner> [secret] [hours]");
      System.exit(2);
    }
    String secret = args.length > 1 ? args[1] : LOCAL_SECRET;
    Duration lifetime = Duration.ofHours(args.length > 2 ? Long.parseLong(args[2]) : 12);
    System.out.println(mint(args[0], secret, lifetime));
  }

  static String mint(String owner, String secret, Duration lifetime) throws JOSEException {
    Instant now = Instant.now();
    SignedJWT jwt =
        new SignedJWT(
            new JWSHeader(JWSAlgorithm.HS256),
            new JWTClaimsSet.Builder()
                .subject(owner)
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plus(lifetime)))
                .build());
    jwt.sign(new MACSigner(secret.getBytes(StandardCharsets.UTF_8)));
    return jwt.serialize();
  }
}
