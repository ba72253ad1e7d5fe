package io.darkroom.api.webhook;

import io.darkroom.api.paging.PageMeta;
import io.darkroom.api.text.TextLimits;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Bodies of the webhook endpoints. */
final class WebhookDtos {
  private WebhookDtos() {}

  private static final String EVENT = "image\\.succeeded|image\\.failed|import\\.completed";

  @Serdeable
  @Schema(name = "WebhookCreate")
  record CreateRequest(
      @NotBlank @Size(max = 2000) @Schema(example = "https://hooks.example.com/darkroom")
          String url,
      @NotEmpty
          List<
                  @NotNull
                  @Pattern(
                      regexp = EVENT,
                      message = "must be image.succeeded, image.failed or import.completed")
                  String>
              events,
      @Nullable @Size(max = TextLimits.DESCRIPTION) String description) {}

  @Serdeable
  @Schema(
      name = "WebhookPatch",
      description = "Fields to change; enabled=true re-enables a disabled one")
  record PatchRequest(
      @Nullable @Size(max = 2000) String url,
      @Nullable @Size(min = 1)
          List<
                  @NotNull
                  @Pattern(
                      regexp = EVENT,
                      message = "must be image.succeeded, image.failed or import.completed")
                  String>
              events,
      @Nullable @Size(max = TextLimits.DESCRIPTION) String description,
      @Nullable Boolean enabled) {}

  @Serdeable
  @Schema(name = "Webhook")
  record WebhookView(
      UUID id,
      String url,
      List<String> events,
      @Nullable String description,
      boolean enabled,
      @Nullable @Schema(description = "Why it was disabled: a 410, or failing for days")
          String disabledReason,
      Instant createdAt,
      @Nullable
          @Schema(
              description =
                  "whsec_ + base64 of 32 bytes; only in the answer to a registration or a rotation")
          String secret) {

    static WebhookView of(WebhookEndpoint e, @Nullable String secret) {
      return new WebhookView(
          e.id(),
          e.url(),
          List.of(e.events()),
          e.description(),
          e.enabled(),
          e.disabledReason(),
          e.createdAt(),
          secret);
    }
  }

  @Serdeable
  @Schema(name = "WebhookPage")
  record WebhookPage(List<WebhookView> data, PageMeta meta) {}

  @Serdeable
  @Schema(name = "WebhookAttempt")
  record AttemptView(
      Instant attemptedAt,
      @Nullable Integer httpStatus,
      @Nullable String error,
      int latencyMs,
      @Nullable Instant nextAttemptAt) {}

  @Serdeable
  @Schema(name = "WebhookDelivery", description = "One message and every attempt to deliver it")
  record DeliveryView(
      String messageId,
      String eventType,
      @Schema(allowableValues = {"pending", "delivered", "failed"}) String status,
      Instant createdAt,
      @Nullable Instant nextAttemptAt,
      List<AttemptView> attempts) {}

  @Serdeable
  @Schema(name = "WebhookDeliveryPage")
  record DeliveryPage(List<DeliveryView> data, PageMeta meta) {}
}
