package io.darkroom.api.webhook;

import io.darkroom.api.error.ApiException;
import io.darkroom.api.paging.PageMeta;
import io.darkroom.api.paging.PageRequest;
import io.darkroom.api.text.TextLimits;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.model.Page;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Registering, changing and inspecting one owner's webhook endpoints. */
@Singleton
class WebhookService {
  private static final Logger LOG = LoggerFactory.getLogger(WebhookService.class);

  /** How long the secret before a rotation keeps signing, beside the new one. */
  static final Duration ROTATION_WINDOW = Duration.ofHours(24);

  private final WebhookEndpointRepository endpoints;
  private final WebhookMessageRepository messages;
  private final WebhookAttemptRepository attempts;
  private final WebhookCallbacks callbacks;

  WebhookService(
      WebhookEndpointRepository endpoints,
      WebhookMessageRepository messages,
      WebhookAttemptRepository attempts,
      WebhookCallbacks callbacks) {
    this.endpoints = endpoints;
    this.messages = messages;
    this.attempts = attempts;
    this.callbacks = callbacks;
  }

  WebhookDtos.WebhookView register(String ownerId, WebhookDtos.CreateRequest request) {
    String url = checkedUrl(request.url());
    String secret = WebhookSignatures.newSecret();
    WebhookEndpoint saved =
        endpoints.save(
            WebhookEndpoint.registered(
                UUID.randomUUID(),
                ownerId,
                url,
                TextLimits.description("description", request.description()),
                request.events().stream().distinct().sorted().toArray(String[]::new),
                secret,
                Instant.now()));
    LOG.info(
        "Webhook endpoint {} registered for {}", saved.id(), String.join(", ", saved.events()));
    return WebhookDtos.WebhookView.of(saved, secret);
  }

  WebhookDtos.WebhookPage list(String ownerId, PageRequest page) {
    Page<WebhookEndpoint> found =
        endpoints.findByOwnerIdAndCallbackForIsNull(ownerId, page.pageable());
    return new WebhookDtos.WebhookPage(
        found.getContent().stream().map(e -> WebhookDtos.WebhookView.of(e, null)).toList(),
        PageMeta.of(page, found.getTotalSize()));
  }

  WebhookDtos.WebhookView get(String ownerId, UUID id) {
    return WebhookDtos.WebhookView.of(find(ownerId, id), null);
  }

  WebhookDtos.WebhookView patch(String ownerId, UUID id, WebhookDtos.PatchRequest request) {
    String url = request.url() == null ? null : checkedUrl(request.url());
    String[] events =
        request.events() == null
            ? null
            : request.events().stream().distinct().sorted().toArray(String[]::new);
    String description =
        request.description() == null
            ? null
            : TextLimits.description("description", request.description());
    if (endpoints.patch(id, ownerId, url, description, events, request.enabled()) == 0) {
      throw unknown(id);
    }
    return get(ownerId, id);
  }

  void delete(String ownerId, UUID id) {
    if (endpoints.deleteOwned(id, ownerId) == 0) {
      throw unknown(id);
    }
    LOG.info("Webhook endpoint {} deleted", id);
  }

  /** A new secret; the old one keeps co-signing for {@link #ROTATION_WINDOW}. */
  WebhookDtos.WebhookView rotate(String ownerId, UUID id) {
    String secret = WebhookSignatures.newSecret();
    if (endpoints.rotate(id, ownerId, secret, Instant.now().plus(ROTATION_WINDOW)) == 0) {
      throw unknown(id);
    }
    LOG.info("Webhook endpoint {}: secret rotated", id);
    return WebhookDtos.WebhookView.of(find(ownerId, id), secret);
  }

  WebhookDtos.DeliveryPage deliveries(String ownerId, UUID id, PageRequest page) {
    WebhookEndpoint endpoint = find(ownerId, id);
    List<WebhookMessage> found =
        messages.findByEndpoint(
            endpoint.id(), page.limit(), (long) (page.page() - 1) * page.limit());
    Map<String, List<WebhookAttempt>> tries =
        found.isEmpty()
            ? Map.of()
            : attempts.findByMessages(found.stream().map(WebhookMessage::id).toList()).stream()
                .collect(Collectors.groupingBy(WebhookAttempt::messageId));
    return new WebhookDtos.DeliveryPage(
        found.stream()
            .map(
                m ->
                    new WebhookDtos.DeliveryView(
                        m.id(),
                        m.eventType(),
                        m.status(),
                        m.createdAt(),
                        m.nextAttemptAt(),
                        tries.getOrDefault(m.id(), List.of()).stream()
                            .map(
                                a ->
                                    new WebhookDtos.AttemptView(
                                        a.attemptedAt(),
                                        a.httpStatus(),
                                        a.error(),
                                        a.latencyMs(),
                                        a.nextAttemptAt()))
                            .toList()))
            .toList(),
        PageMeta.of(page, messages.countByEndpointId(endpoint.id())));
  }

  /** Sends one message again now, whether it was delivered, failed, or waits for its next try. */
  void retry(String ownerId, UUID id, String messageId) {
    WebhookEndpoint endpoint = find(ownerId, id);
    if (messages.retryNow(messageId, endpoint.id()) == 0) {
      throw ApiException.notFound("No delivery " + messageId + " for webhook " + id + ".");
    }
  }

  private String checkedUrl(@Nullable String url) {
    return callbacks.checked("url", url);
  }

  private WebhookEndpoint find(String ownerId, UUID id) {
    return endpoints.findByIdAndOwnerId(id, ownerId).orElseThrow(() -> unknown(id));
  }

  private static ApiException unknown(UUID id) {
    return ApiException.notFound("No webhook " + id + ".");
  }
}
