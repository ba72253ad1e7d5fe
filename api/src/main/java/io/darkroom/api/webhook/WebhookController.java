package io.darkroom.api.webhook;

import io.darkroom.api.error.Problem;
import io.darkroom.api.error.ProblemResponses;
import io.darkroom.api.owner.CurrentOwner;
import io.darkroom.api.paging.PageRequest;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Patch;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.http.annotation.Status;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.net.URI;
import java.security.Principal;
import java.util.UUID;

@Controller("/api/v1/webhooks")
@ExecuteOn(TaskExecutors.BLOCKING)
@Secured(SecurityRule.IS_AUTHENTICATED)
@ProblemResponses.Unauthorized
@Tag(name = "Webhooks")
@ProblemResponses.BadRequest
class WebhookController {
  private final WebhookService webhooks;
  private final CurrentOwner owner;

  WebhookController(WebhookService webhooks, CurrentOwner owner) {
    this.webhooks = webhooks;
    this.owner = owner;
  }

  @Operation(
      operationId = "createWebhook",
      summary = "Register a webhook endpoint",
      description =
          "Deliveries are signed as Standard Webhooks says (webhook-id, webhook-timestamp,"
              + " webhook-signature); the secret is in this answer only. The URL must be public:"
              + " the same egress guard checks it now and at every delivery.")
  @ApiResponse(
      responseCode = "201",
      description = "Registered; Location names it; secret is shown this once",
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(implementation = WebhookDtos.WebhookView.class)))
  @Post
  HttpResponse<WebhookDtos.WebhookView> create(
      @Body @Valid WebhookDtos.CreateRequest request, @Nullable Principal principal) {
    WebhookDtos.WebhookView created = webhooks.register(owner.of(principal), request);
    return HttpResponse.created(created, URI.create("/api/v1/webhooks/" + created.id()));
  }

  @Operation(operationId = "listWebhooks", summary = "List the caller's webhook endpoints")
  @ApiResponse(responseCode = "200", description = "A page of endpoints")
  @Get
  WebhookDtos.WebhookPage list(
      @QueryValue(defaultValue = "1") @Min(1) int page,
      @QueryValue(defaultValue = "20") @Min(1) @Max(100) int limit,
      @Nullable Principal principal) {
    return webhooks.list(owner.of(principal), PageRequest.newestFirst(page, limit));
  }

  @Operation(operationId = "getWebhook", summary = "Get a webhook endpoint")
  @ApiResponse(responseCode = "200", description = "The endpoint, without its secret")
  @ProblemResponses.NotFound
  @Get("/{id}")
  WebhookDtos.WebhookView get(UUID id, @Nullable Principal principal) {
    return webhooks.get(owner.of(principal), id);
  }

  @Operation(
      operationId = "updateWebhook",
      summary = "Change a webhook endpoint, or enable it again")
  @ApiResponse(responseCode = "200", description = "The endpoint as changed")
  @ProblemResponses.NotFound
  @Patch("/{id}")
  WebhookDtos.WebhookView patch(
      UUID id, @Body @Valid WebhookDtos.PatchRequest request, @Nullable Principal principal) {
    return webhooks.patch(owner.of(principal), id, request);
  }

  @Operation(
      operationId = "deleteWebhook",
      summary = "Delete a webhook endpoint and its deliveries")
  @ApiResponse(responseCode = "204", description = "Deleted")
  @ProblemResponses.NotFound
  @Delete("/{id}")
  @Produces({MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE})
  @Status(HttpStatus.NO_CONTENT)
  void delete(UUID id, @Nullable Principal principal) {
    webhooks.delete(owner.of(principal), id);
  }

  @Operation(
      operationId = "rotateWebhookSecret",
      summary = "Rotate a webhook endpoint's secret",
      description = "The old secret keeps co-signing for 24 h: both signatures are sent.")
  @ApiResponse(
      responseCode = "200",
      description = "The endpoint with its new secret, shown this once",
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(implementation = WebhookDtos.WebhookView.class)))
  @ProblemResponses.NotFound
  @Post("/{id}/actions/rotate-secret")
  WebhookDtos.WebhookView rotate(UUID id, @Nullable Principal principal) {
    return webhooks.rotate(owner.of(principal), id);
  }

  @Operation(
      operationId = "listWebhookDeliveries",
      summary = "List an endpoint's deliveries, newest first, with every attempt")
  @ApiResponse(responseCode = "200", description = "A page of deliveries")
  @ProblemResponses.NotFound
  @Get("/{id}/deliveries")
  WebhookDtos.DeliveryPage deliveries(
      UUID id,
      @QueryValue(defaultValue = "1") @Min(1) int page,
      @QueryValue(defaultValue = "20") @Min(1) @Max(100) int limit,
      @Nullable Principal principal) {
    return webhooks.deliveries(owner.of(principal), id, PageRequest.newestFirst(page, limit));
  }

  @Operation(operationId = "retryWebhookDelivery", summary = "Send a delivery again now")
  @ApiResponse(responseCode = "202", description = "Queued for an attempt now")
  @ProblemResponses.NotFound
  @Post("/{id}/deliveries/{messageId}/actions/retry")
  @Produces({MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE})
  @Status(HttpStatus.ACCEPTED)
  void retry(UUID id, String messageId, @Nullable Principal principal) {
    webhooks.retry(owner.of(principal), id, messageId);
  }
}
