package io.darkroom.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import io.darkroom.client.ApiClient;
import io.darkroom.client.ApiException;
import io.darkroom.client.api.CollectionsApi;
import io.darkroom.client.api.ImagesApi;
import io.darkroom.client.model.Collection;
import io.darkroom.client.model.CollectionCreate;
import io.darkroom.client.model.CollectionPatch;
import io.darkroom.client.model.DownloadLink;
import io.darkroom.client.model.Image;
import io.darkroom.client.model.ImageIds;
import io.darkroom.client.model.ImagePage;
import io.darkroom.client.model.ProcessRequest;
import io.darkroom.client.model.UploadUrl;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

/**
 * The main flows of the api driven through the Java client that openapi-generator makes from the
 * committed document at build time (local-run's pom): if the document stops describing what the api
 * does, this stops compiling or fails. What a team that generates its own client would write.
 */
final class GeneratedClientFlows {
  private final ImagesApi images;
  private final CollectionsApi collections;
  private final Path corpus;

  GeneratedClientFlows(URI api, Path corpus) {
    ApiClient client = new ApiClient();
    client.updateBaseUri(api.toString().replaceAll("/$", ""));
    this.images = new ImagesApi(client);
    this.collections = new CollectionsApi(client);
    this.corpus = corpus;
  }

  void run() throws Exception {
    String tag = "client-" + UUID.randomUUID().toString().substring(0, 8);

    // direct upload (multipart), then its renditions
    Image direct =
        images.uploadImage(corpus.resolve("grey_1mp.jpg").toFile(), tag + " direct", null);
    assertThat(direct.getStatus()).hasToString("pending");
    Image done = awaitFinal(direct.getUuid());
    assertThat(done.getStatus()).hasToString("succeeded");
    assertThat(done.getRenditions()).extracting(r -> r.getName()).contains("thumbnail", "large");
    DownloadLink thumbnail = images.downloadRendition(done.getUuid(), "thumbnail");
    assertThat(fetch(thumbnail.getUrl()).statusCode()).isEqualTo(200);

    // presigned PUT, then process
    byte[] png = Files.readAllBytes(corpus.resolve("ladybird_cutout_rgba.png"));
    UploadUrl url = images.createUploadUrl("png", (long) png.length, "image/png");
    HttpResponse<String> put =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(url.getPresignedUrl()))
                    .header("Content-Type", url.getHeaders().get("Content-Type"))
                    .PUT(HttpRequest.BodyPublishers.ofByteArray(png))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
    Image processed =
        images.processUpload(
            new ProcessRequest().uuid(url.getUuid()).filename(tag + " presigned.png"));
    assertThat(processed.getStatus()).hasToString("pending");
    assertThat(awaitFinal(processed.getUuid()).getStatus()).hasToString("succeeded");

    // a list with filters, and get
    ImagePage mine = images.listImages(1, 10, "asc", "createdAt", tag, "succeeded", null);
    assertThat(mine.getMeta().getTotal()).isEqualTo(2);
    assertThat(mine.getData())
        .extracting(Image::getUuid)
        .containsExactly(direct.getUuid(), url.getUuid());
    assertThat(images.getImage(url.getUuid()).getContentType()).isEqualTo("image/png");

    // collections: a resource is bare, a list is data + meta
    Collection album = collections.createCollection(new CollectionCreate().name(tag + " album"));
    collections.addCollectionImages(
        album.getUuid(), new ImageIds().imageIds(List.of(direct.getUuid())));
    assertThat(collections.getCollection(album.getUuid()).getImageCount()).isEqualTo(1);
    assertThat(
            collections.listCollectionImages(album.getUuid(), 1, 10, "desc", "createdAt").getData())
        .extracting(Image::getUuid)
        .containsExactly(direct.getUuid());
    assertThat(collections.listCollections(1, 10, "desc", "createdAt", tag).getData())
        .extracting(Collection::getUuid)
        .containsExactly(album.getUuid());
    assertThat(
            collections
                .updateCollection(album.getUuid(), new CollectionPatch().name(tag + " renamed"))
                .getName())
        .isEqualTo(tag + " renamed");
    assertThat(problemStatus(() -> collections.deleteCollection(album.getUuid()))).isEqualTo(409);
    collections.removeCollectionImages(
        album.getUuid(), new ImageIds().imageIds(List.of(direct.getUuid())));
    collections.deleteCollection(album.getUuid());

    // retry: only a failure that may pass is retried; a success is a 409 problem
    ApiException refused =
        catchThrowableOfType(() -> images.retryImage(direct.getUuid()), ApiException.class);
    assertThat(refused.getCode()).isEqualTo(409);
    assertThat(refused.getResponseBody()).contains("https://darkroom.dev/problems/conflict");

    // delete
    images.deleteImage(direct.getUuid());
    assertThat(problemStatus(() -> images.getImage(direct.getUuid()))).isEqualTo(404);
  }

  private Image awaitFinal(UUID id) {
    return await()
        .atMost(Duration.ofSeconds(180))
        .pollInterval(Duration.ofMillis(250))
        .until(
            () -> images.getImage(id),
            image ->
                image.getStatus().toString().equals("succeeded")
                    || image.getStatus().toString().equals("failed"));
  }

  private static HttpResponse<byte[]> fetch(URI url) throws Exception {
    return HttpClient.newHttpClient()
        .send(HttpRequest.newBuilder(url).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  private static int problemStatus(Call call) {
    ApiException problem = catchThrowableOfType(call::run, ApiException.class);
    assertThat(problem).isNotNull();
    assertThat(problem.getResponseHeaders().firstValue("content-type"))
        .get()
        .asString()
        .contains("application/problem+json");
    return problem.getCode();
  }

  @FunctionalInterface
  private interface Call {
    void run() throws Exception;
  }
}
