package io.darkroom.api.webhook;

import io.darkroom.api.error.ApiException;
import io.darkroom.egress.EgressGuard;
import io.darkroom.egress.EgressRefused;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One-off receivers: a CSV import's {@code callbackUrl} becomes an endpoint of its own that
 * receives only that import's {@code import.completed}, signed with a secret of its own (shown
 * once, in the import's answer), delivered, retried and inspectable like any webhook.
 */
@Singleton
public class WebhookCallbacks {
  public static final String IMPORT_COMPLETED = "import.completed";
  private static final Logger LOG = LoggerFactory.getLogger(WebhookCallbacks.class);

  private final WebhookEndpointRepository endpoints;
  private final EgressGuard guard;

  WebhookCallbacks(WebhookEndpointRepository endpoints, EgressGuard guard) {
    this.endpoints = endpoints;
    this.guard = guard;
  }

  /** A registered callback: its endpoint id and its signing secret. */
  public record Callback(UUID endpointId, String url, String secret) {}

  /**
   * Refuses a URL the egress guard would never reach (400 naming {@code field}, with the rule), and
   * returns it normalised: for an endpoint being registered and for an import's callback.
   */
  public String checked(String field, String url) {
    try {
      return guard.check(url == null ? null : url.strip()).toString();
    } catch (EgressRefused refused) {
      throw ApiException.invalid(field, "cannot be reached: " + refused.getMessage());
    }
  }

  /** Registers the callback of {@code importId}, in the caller's transaction. */
  public Callback register(String ownerId, String checkedUrl, UUID importId) {
    String secret = WebhookSignatures.newSecret();
    WebhookEndpoint saved =
        endpoints.save(
            WebhookEndpoint.callback(
                UUID.randomUUID(), ownerId, checkedUrl, importId, secret, Instant.now()));
    LOG.info("Import {}: callback endpoint {} registered", importId, saved.id());
    return new Callback(saved.id(), saved.url(), secret);
  }
}
