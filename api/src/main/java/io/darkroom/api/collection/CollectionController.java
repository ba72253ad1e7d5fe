package io.darkroom.api.collection;

import io.darkroom.api.error.Problem;
import io.darkroom.api.error.ProblemResponses;
import io.darkroom.api.image.ImagePage;
import io.darkroom.api.owner.CurrentOwner;
import io.darkroom.api.paging.PageRequest;
import io.darkroom.api.text.TextLimits;
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
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.net.URI;
import java.security.Principal;
import java.util.UUID;

@Controller("/api/v1/collections")
@ExecuteOn(TaskExecutors.BLOCKING)
@Secured(SecurityRule.IS_AUTHENTICATED)
@ProblemResponses.Unauthorized
@Tag(name = "Collections")
@ProblemResponses.BadRequest
class CollectionController {
  private final CollectionService collections;
  private final CurrentOwner owner;

  CollectionController(CollectionService collections, CurrentOwner owner) {
    this.collections = collections;
    this.owner = owner;
  }

  @Operation(
      operationId = "listCollections",
      summary = "List the caller's collections with their image counts")
  @ApiResponse(responseCode = "200", description = "A page of collections with the total count")
  @Get
  CollectionDtos.CollectionPage list(
      @QueryValue(defaultValue = "1") @Min(1) int page,
      @QueryValue(defaultValue = "20") @Min(1) @Max(100) int limit,
      @QueryValue(defaultValue = "desc")
          @Pattern(regexp = "asc|desc", message = "must be asc or desc")
          String sort,
      @QueryValue(defaultValue = "createdAt")
          @Pattern(regexp = "createdAt|name", message = "must be createdAt or name")
          String sortBy,
      @Nullable @QueryValue @Size(max = TextLimits.SEARCH) String search,
      @Nullable Principal principal) {
    return collections.list(owner.of(principal), PageRequest.of(page, limit, sort, sortBy), search);
  }

  @Operation(operationId = "createCollection", summary = "Create a collection")
  @ApiResponse(
      responseCode = "201",
      description = "Created; Location names it",
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(implementation = CollectionDtos.CollectionView.class)))
  @Post
  HttpResponse<CollectionDtos.CollectionView> create(
      @Body @Valid CollectionDtos.CreateRequest request, @Nullable Principal principal) {
    CollectionDtos.CollectionView created = collections.create(owner.of(principal), request);
    return HttpResponse.created(created, URI.create("/api/v1/collections/" + created.uuid()));
  }

  @Operation(operationId = "getCollection", summary = "Get a collection")
  @ApiResponse(responseCode = "200", description = "The collection, with how many images it holds")
  @ProblemResponses.NotFound
  @Get("/{uuid}")
  CollectionDtos.CollectionView get(UUID uuid, @Nullable Principal principal) {
    return collections.get(owner.of(principal), uuid);
  }

  @Operation(
      operationId = "listCollectionImages",
      summary = "List the images of a collection",
      description =
          "The same images as GET /api/v1/images?collectionId={uuid}, newest first by default.")
  @ApiResponse(responseCode = "200", description = "A page of the collection's images")
  @ProblemResponses.NotFound
  @Get("/{uuid}/images")
  ImagePage images(
      UUID uuid,
      @QueryValue(defaultValue = "1") @Min(1) int page,
      @QueryValue(defaultValue = "20") @Min(1) @Max(100) int limit,
      @QueryValue(defaultValue = "desc")
          @Pattern(regexp = "asc|desc", message = "must be asc or desc")
          String sort,
      @QueryValue(defaultValue = "createdAt")
          @Pattern(regexp = "createdAt|filename", message = "must be createdAt or filename")
          String sortBy,
      @Nullable Principal principal) {
    return collections.images(owner.of(principal), uuid, PageRequest.of(page, limit, sort, sortBy));
  }

  @Operation(
      operationId = "updateCollection",
      summary = "Change a collection's name or description")
  @ApiResponse(responseCode = "200", description = "The collection as changed")
  @ProblemResponses.NotFound
  @Patch("/{uuid}")
  CollectionDtos.CollectionView patch(
      UUID uuid, @Body @Valid CollectionDtos.PatchRequest request, @Nullable Principal principal) {
    return collections.patch(owner.of(principal), uuid, request);
  }

  @Operation(operationId = "deleteCollection", summary = "Delete an empty collection")
  @ApiResponse(responseCode = "204", description = "Deleted")
  @ProblemResponses.NotFound
  @ProblemResponses.Conflict
  @Delete("/{uuid}")
  // nothing to answer but a problem: a client may accept only application/problem+json
  @Produces({MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE})
  @Status(HttpStatus.NO_CONTENT)
  void delete(UUID uuid, @Nullable Principal principal) {
    collections.delete(owner.of(principal), uuid);
  }

  @Operation(
      operationId = "addCollectionImages",
      summary = "Add images to a collection",
      description = "All or nothing; an image already in this collection is a no-op.")
  @ApiResponse(responseCode = "204", description = "Added")
  @ProblemResponses.NotFound
  @ProblemResponses.Conflict
  @Post("/{uuid}/relationships/images")
  // nothing to answer but a problem: a client may accept only application/problem+json
  @Produces({MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE})
  @Status(HttpStatus.NO_CONTENT)
  void addImages(
      UUID uuid, @Body @Valid CollectionDtos.ImageIds request, @Nullable Principal principal) {
    collections.addImages(owner.of(principal), uuid, request.ids());
  }

  @Operation(
      operationId = "removeCollectionImages",
      summary = "Remove images from a collection",
      description = "All or nothing; an image in no collection is a no-op.")
  @ApiResponse(responseCode = "204", description = "Removed")
  @ProblemResponses.NotFound
  @ProblemResponses.Conflict
  @Delete("/{uuid}/relationships/images")
  // nothing to answer but a problem: a client may accept only application/problem+json
  @Produces({MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE})
  @Status(HttpStatus.NO_CONTENT)
  void removeImages(
      UUID uuid, @Body @Valid CollectionDtos.ImageIds request, @Nullable Principal principal) {
    collections.removeImages(owner.of(principal), uuid, request.ids());
  }
}
