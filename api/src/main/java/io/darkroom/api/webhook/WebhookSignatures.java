package io.darkroom.api.webhook;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Standard Webhooks signing (spec/standard-webhooks.md): {@code v1,} + base64(HMAC-SHA256(key,
 * "{id}.{timestamp}.{body}")), the key being the base64 part of {@code whsec_...}.
 */
final class WebhookSignatures {
  private static final SecureRandom RANDOM = new SecureRandom();

  private WebhookSignatures() {}

  /** {@code whsec_} + base64 of 32 random bytes. */
  static String newSecret() {
    byte[] key = new byte[32];
    RANDOM.nextBytes(key);
    return "whsec_" + Base64.getEncoder().encodeToString(key);
  }

  /** {@code msg_} + 32 hex digits: the webhook-id of every attempt of one message. */
  static String newMessageId() {
    return "msg_" + UUID.randomUUID().toString().replace("-", "");
  }

  static String sign(String secret, String id, long timestamp, String body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key(secret), "HmacSHA256"));
      byte[] signed =
          mac.doFinal((id + "." + timestamp + "." + body).getBytes(StandardCharsets.UTF_8));
      return "v1," + Base64.getEncoder().encodeToString(signed);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static byte[] key(String secret) {
    String encoded = secret.startsWith("whsec_") ? secret.substring("whsec_".length()) : secret;
    return Base64.getDecoder().decode(encoded);
  }
}
