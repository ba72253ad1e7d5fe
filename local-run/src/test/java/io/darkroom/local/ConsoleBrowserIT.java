package io.darkroom.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.microsoft.playwright.Download;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.LocatorAssertions;
import com.microsoft.playwright.assertions.PlaywrightAssertions;
import com.microsoft.playwright.options.SelectOption;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The console in a real browser (headless Chromium), on the product as a user runs it with
 * authentication on: the token field, uploads dropped on the page (one sent in parts), live
 * statuses in the gallery, a hostile file's failure, collections, an import and the monitor. Each
 * step saves a screenshot under {@code target/console-screenshots}. The steps build on each other,
 * in order.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleBrowserIT {
  private static final Pattern PAGES =
      Pattern.compile("index|gallery|image|collections|imports|monitor");
  private static final LocatorAssertions.HasCountOptions WITHIN_A_MINUTE =
      new LocatorAssertions.HasCountOptions().setTimeout(60_000);

  private final ObjectMapper json = new ObjectMapper();
  private LocalProduct product;
  private PhotoServer photos;
  private ConsoleBrowser browser;
  private Page page;
  private String token;

  @BeforeAll
  void start() throws Exception {
    byte[] random = new byte[48];
    new SecureRandom().nextBytes(random);
    String secret = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
    product =
        LocalProduct.start(
            new LocalProduct.Options(
                Path.of(System.getProperty("darkroom.home")),
                Path.of("target/console-product"),
                false,
                0,
                1,
                0,
                0,
                0,
                4,
                LocalProduct.APP_JVM_OPTIONS,
                Map.of(
                    "DARKROOM_AUTH_ENABLED", "true",
                    "DARKROOM_AUTH_JWT_SECRET", secret,
                    // kleiber_13mp.jpg (1.02 MiB) goes in parts, the other photos in one form POST
                    "DARKROOM_UPLOAD_MULTIPART_THRESHOLD", "1MB",
                    "DARKROOM_FETCH_ALLOWED_RANGES", "127.0.0.1/32")),
            System.out);
    token = DevToken.mint("browser-user", secret, Duration.ofHours(1), true);
    photos = PhotoServer.serve(corpus());
    browser = new ConsoleBrowser(product.apiUri());
    page = browser.page;
  }

  @AfterAll
  void stop() {
    if (browser != null) {
      browser.close();
    }
    if (photos != null) {
      photos.close();
    }
    if (product != null) {
      product.close();
    }
  }

  @Test
  @Order(1)
  void servesEveryPageWithItsSecurityHeadersNoInlineScriptAndUppyAsVendored() throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    for (String name :
        List.of("", "gallery.html", "image.html", "collections.html", "imports.html")) {
      HttpResponse<String> page =
          http.send(
              HttpRequest.newBuilder(product.apiUri().resolve("/ui/" + name)).build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(page.statusCode()).as(name).isEqualTo(200);
      String policy = page.headers().firstValue("Content-Security-Policy").orElseThrow();
      assertThat(policy)
          .contains("default-src 'none'", "script-src 'self';", "frame-ancestors 'none'")
          .containsPattern("connect-src 'self' http://127\\.0\\.0\\.1:\\d+;")
          .doesNotContain("unsafe-inline", "unsafe-eval", "*");
      assertThat(page.headers().firstValue("X-Content-Type-Options")).contains("nosniff");
      // every script comes from a file of ours; no handler written in the markup
      assertThat(page.body()).doesNotContainPattern("<script(?![^>]*\\bsrc=)[^>]*>");
      assertThat(page.body()).doesNotContainPattern("\\son[a-z]+=");
    }

    JsonNode vendored =
        json.readTree(
            fetch(http, "/ui/vendor/uppy/VENDORED.json", HttpResponse.BodyHandlers.ofString()));
    assertThat(vendored.get("version").asText()).isEqualTo("5.2.4");
    for (var file : (Iterable<Map.Entry<String, JsonNode>>) () -> vendored.get("files").fields()) {
      byte[] served =
          fetch(http, "/ui/vendor/uppy/" + file.getKey(), HttpResponse.BodyHandlers.ofByteArray());
      assertThat(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(served)))
          .as(file.getKey())
          .isEqualTo(file.getValue().get("sha256").asText());
    }
  }

  @Test
  @Order(2)
  void asksForATokenThenShowsTheServersLimitsBeforeAnyUpload() {
    browser.open("index.html");
    PlaywrightAssertions.assertThat(page.locator("#messages")).containsText("bearer token");
    PlaywrightAssertions.assertThat(page.locator("#limits")).containsText("could not be read");

    page.fill("#token", token);
    page.click("text=Use token");
    PlaywrightAssertions.assertThat(page.locator("#limits")).containsText(".jpg");
    PlaywrightAssertions.assertThat(page.locator("#limits"))
        .containsText("1.0 MB are sent in parts");
    PlaywrightAssertions.assertThat(page.locator(".uppy-Dashboard-inner")).isVisible();
    assertThat(browser.unlabelledControls()).isEmpty();
    assertThat(browser.tabTo(".uppy-Dashboard-browse", 30))
        .as("the keyboard reaches the file picker")
        .isTrue();
    browser.screenshot("1-upload");
  }

  @Test
  @Order(3)
  void uploadsThreeDroppedPhotosOneInPartsAndSeesThemSucceedInTheGallery() throws Exception {
    browser.open("index.html");
    page.fill("#description", "dropped in a browser");
    Map<String, byte[]> files = new LinkedHashMap<>();
    for (String name : List.of("grey_1mp.jpg", "kleiber_13mp.jpg", "exif_orient6.jpg")) {
      files.put(name, Files.readAllBytes(corpus().resolve(name)));
    }
    browser.drop(".uppy-Dashboard-inner", files);
    PlaywrightAssertions.assertThat(page.locator(".uppy-Dashboard-Item")).hasCount(3);
    // previews, drawn by the browser from the files
    page.waitForFunction(
        "() => [...document.querySelectorAll('.uppy-Dashboard-Item-previewImg')]"
            + ".filter(i => i.complete && i.naturalWidth > 0).length === 3");
    browser.screenshot("2-upload-previews");

    assertThat(browser.tabTo(".uppy-StatusBar-actionBtn--upload", 40))
        .as("the keyboard reaches the upload button")
        .isTrue();
    page.keyboard().press("Enter");
    PlaywrightAssertions.assertThat(page.locator("#results li a")).hasCount(3, WITHIN_A_MINUTE);
    browser.screenshot("3-upload-done");

    List<String> calls = List.copyOf(browser.requests);
    assertThat(calls.stream().filter(c -> c.contains("/api/v1/uploads/s3/params?"))).hasSize(2);
    assertThat(calls)
        .anyMatch(c -> c.startsWith("POST ") && c.endsWith("/api/v1/uploads/s3/multipart"));
    assertThat(calls).anyMatch(c -> c.startsWith("PUT ") && c.contains("partNumber=1"));
    assertThat(calls).anyMatch(c -> c.startsWith("POST ") && c.contains("/complete?key="));
    assertThat(calls.stream().filter(c -> c.endsWith("/api/v1/images/actions/process"))).hasSize(2);

    browser.open("gallery.html");
    // the statuses turn without a reload: the gallery polls while any image is unfinished
    PlaywrightAssertions.assertThat(page.locator(".card[data-status=succeeded]"))
        .hasCount(3, WITHIN_A_MINUTE);
    page.waitForFunction(
        "() => [...document.querySelectorAll('.card img')]"
            + ".filter(i => i.complete && i.naturalWidth > 0).length === 3");
    assertThat(browser.badgesWithoutWords()).isEmpty();
    assertThat(browser.unlabelledControls()).isEmpty();
    assertThat(browser.tabTo(".card input[type=checkbox]", 30))
        .as("the keyboard reaches the selection")
        .isTrue();
    browser.screenshot("4-gallery");
    page.fill("#search", "kleiber");
    page.click("text=Apply");
    PlaywrightAssertions.assertThat(page.locator(".card")).hasCount(1);
    PlaywrightAssertions.assertThat(page.locator(".card a.name")).hasText("kleiber_13mp.jpg");

    page.click(".card[data-uuid] a.name >> text=kleiber_13mp.jpg");
    PlaywrightAssertions.assertThat(page.locator("tr[data-rendition]")).hasCount(4);
    PlaywrightAssertions.assertThat(page.locator("text=dropped in a browser")).isVisible();
    PlaywrightAssertions.assertThat(page.locator("text=Open the original")).isVisible();
    page.waitForFunction(
        "() => { const i = document.querySelector('img.preview'); return i && i.complete && i.naturalWidth > 0; }");
    browser.screenshot("5-image");
  }

  @Test
  @Order(4)
  void showsAHostileFileAsFailedWithItsCode() throws Exception {
    browser.open("index.html");
    byte[] photo = Files.readAllBytes(corpus().resolve("storm_2.5mp.jpg"));
    // a whole header and half the data: storage and the api take it, the worker cannot decode it
    Map<String, byte[]> files = new LinkedHashMap<>();
    files.put("broken.jpg", Arrays.copyOf(photo, photo.length / 2));
    // not an image at all, whatever its name and declared type: refused by the api, in words
    files.put(
        "notes.jpg", "a shopping list, not a photo".repeat(40).getBytes(StandardCharsets.UTF_8));
    browser.drop(".uppy-Dashboard-inner", files);
    page.click(".uppy-StatusBar-actionBtn--upload");
    PlaywrightAssertions.assertThat(page.locator("#results li[data-file='broken.jpg'] a"))
        .hasCount(1, WITHIN_A_MINUTE);
    Locator refused = page.locator("#results li[data-file='notes.jpg']");
    PlaywrightAssertions.assertThat(refused).containsText("failed");
    PlaywrightAssertions.assertThat(refused).containsText("is not an image of a supported format");
    PlaywrightAssertions.assertThat(page.locator("#messages")).containsText("notes.jpg:");
    // Uppy's tile says it failed too, in the api's words
    Locator tile = page.locator(".uppy-Dashboard-Item:has-text('notes.jpg')");
    PlaywrightAssertions.assertThat(tile.locator(".uppy-Dashboard-Item-errorDetails"))
        .hasAttribute("aria-label", Pattern.compile("is not an image of a supported format"));
    browser.screenshot("6-upload-refused");

    // the network fails the first try; the user retries from the tile, and it goes through
    browser.open("index.html");
    AtomicInteger failedOnce = new AtomicInteger();
    page.route(
        "**/api/v1/uploads/s3/params*",
        route -> {
          if (failedOnce.getAndIncrement() == 0) {
            route.abort();
          } else {
            route.resume();
          }
        });
    browser.drop(
        ".uppy-Dashboard-inner",
        Map.of("retried.jpg", Files.readAllBytes(corpus().resolve("grey_1mp.jpg"))));
    page.click(".uppy-StatusBar-actionBtn--upload");
    PlaywrightAssertions.assertThat(
            page.locator(
                ".uppy-Dashboard-Item:has-text('retried.jpg') .uppy-Dashboard-Item-errorDetails"))
        .hasAttribute("aria-label", "The server could not be reached.");
    page.click(".uppy-StatusBar-actionBtn--retry");
    PlaywrightAssertions.assertThat(page.locator("#results li[data-file='retried.jpg'] a"))
        .hasCount(1, WITHIN_A_MINUTE);
    assertThat(failedOnce.get()).isEqualTo(2);
    page.unrouteAll();

    // a file pasted by mistake (Ctrl+V on the page) is taken off before it is sent: nothing
    // reaches the api
    browser.open("index.html");
    PlaywrightAssertions.assertThat(page.locator(".uppy-Dashboard-inner")).isVisible();
    browser.paste(Map.of("mistake.jpg", Files.readAllBytes(corpus().resolve("grey_1mp.jpg"))));
    PlaywrightAssertions.assertThat(page.locator(".uppy-Dashboard-Item")).hasCount(1);
    page.click(".uppy-Dashboard-Item-action--remove");
    PlaywrightAssertions.assertThat(page.locator(".uppy-Dashboard-Item")).hasCount(0);
    assertThat(browser.requests).noneMatch(r -> r.contains("filename=mistake.jpg"));

    browser.open("gallery.html?status=failed");
    Locator failed = page.locator(".card[data-status=failed]");
    PlaywrightAssertions.assertThat(failed).hasCount(1, WITHIN_A_MINUTE);
    PlaywrightAssertions.assertThat(failed.locator(".failure-code")).hasText("corrupt_image");
    PlaywrightAssertions.assertThat(failed.locator(".badge")).hasText(Pattern.compile("failed"));
    failed.locator("a.name").click();
    PlaywrightAssertions.assertThat(page.locator("#failure-code")).hasText("corrupt_image");
    PlaywrightAssertions.assertThat(page.locator("button:has-text('Retry')")).isVisible();
    assertThat(browser.unlabelledControls()).isEmpty();
    browser.screenshot("7-image-failed");
  }

  @Test
  @Order(5)
  void createsRenamesFillsAndIsRefusedDeletingACollectionThatHoldsImages() {
    browser.open("collections.html");
    page.fill("#new-name", "Browser picks");
    page.click("text=Create collection");
    PlaywrightAssertions.assertThat(page.locator("tr[data-collection='Browser picks']"))
        .hasCount(1);
    Locator name = page.locator("tr[data-collection='Browser picks'] input");
    name.fill("Browser favourites");
    page.locator("tr[data-collection='Browser picks'] button:has-text('Rename')").click();
    PlaywrightAssertions.assertThat(page.locator("tr[data-collection='Browser favourites']"))
        .hasCount(1);

    browser.open("gallery.html?status=succeeded");
    // the three dropped photos and the one retried
    PlaywrightAssertions.assertThat(page.locator(".card")).hasCount(4, WITHIN_A_MINUTE);
    page.locator(".card input[type=checkbox]").nth(0).check();
    page.locator(".card input[type=checkbox]").nth(1).check();
    page.selectOption("#target-collection", new SelectOption().setLabel("Browser favourites"));
    page.click("#add-selected");
    PlaywrightAssertions.assertThat(page.locator("#messages"))
        .containsText("2 images added to Browser favourites");

    browser.open("collections.html");
    Locator row = page.locator("tr[data-collection='Browser favourites']");
    PlaywrightAssertions.assertThat(row.locator("td.num")).hasText("2");
    row.locator("button:has-text('Delete')").click();
    PlaywrightAssertions.assertThat(page.locator("#messages"))
        .containsText("Browser favourites was not deleted");
    PlaywrightAssertions.assertThat(page.locator("#messages")).containsText("still holds images");
    PlaywrightAssertions.assertThat(row).hasCount(1);
    assertThat(browser.unlabelledControls()).isEmpty();
    browser.screenshot("8-collections");

    // emptied from the gallery (its images under the collection filter), then it goes
    row.locator("td.num a").click();
    PlaywrightAssertions.assertThat(page.locator(".card")).hasCount(2);
    page.selectOption("#target-collection", new SelectOption().setLabel("Browser favourites"));
    page.locator(".card input[type=checkbox]").nth(0).check();
    page.locator(".card input[type=checkbox]").nth(1).check();
    page.click("#remove-selected");
    PlaywrightAssertions.assertThat(page.locator("#messages"))
        .containsText("2 images removed from Browser favourites");
    PlaywrightAssertions.assertThat(page.locator(".card")).hasCount(0);
    browser.open("collections.html");
    page.locator("tr[data-collection='Browser favourites'] button:has-text('Delete')").click();
    PlaywrightAssertions.assertThat(page.locator("#messages"))
        .containsText("Browser favourites deleted.");
    PlaywrightAssertions.assertThat(page.locator("tr[data-collection]")).hasCount(0);
  }

  @Test
  @Order(6)
  void runsAProductCsvImportAndDownloadsItsOutput() throws Exception {
    Path csv = Files.createTempFile("products", ".csv");
    Files.writeString(
        csv,
        "Serial Number,Product Name,Input Image Urls\n"
            + "1,Path,\""
            + photos.base()
            + "/path_1mp_icc_444.jpg,"
            + photos.base()
            + "/storm_2.5mp.jpg\"\n"
            + "2,Missing,"
            + photos.base()
            + "/no-such-photo.jpg\n");
    browser.open("imports.html");
    page.setInputFiles("#csv", csv);
    page.click("text=Start import");
    PlaywrightAssertions.assertThat(page.locator("#messages"))
        .containsText("Import started: 3 images from 2 rows");
    PlaywrightAssertions.assertThat(page.locator("#detail .badge").first())
        .hasText(
            Pattern.compile("completed with errors"),
            new LocatorAssertions.HasTextOptions().setTimeout(60_000));
    PlaywrightAssertions.assertThat(page.locator("#detail code")).hasText("source_http_4xx");
    Download output = page.waitForDownload(() -> page.click("text=Download the output CSV"));
    String text = Files.readString(output.path());
    assertThat(text.lines()).hasSize(3);
    assertThat(text).contains("/renditions/");
    assertThat(browser.unlabelledControls()).isEmpty();
    browser.screenshot("9-imports");
  }

  @Test
  @Order(7)
  void monitorShowsTheThroughputOfWhatWasJustUploaded() {
    browser.open("monitor.html");
    PlaywrightAssertions.assertThat(page.locator("#scope")).containsText("Every owner's images");
    // 3 dropped photos, 1 retried and 2 imported succeeded; the broken file and the missing URL
    // failed (the file that is not an image was refused before it became one)
    PlaywrightAssertions.assertThat(page.locator("#total-succeeded")).hasText("6");
    PlaywrightAssertions.assertThat(page.locator("#total-failed")).hasText("2");
    PlaywrightAssertions.assertThat(page.locator("tr[data-code=corrupt_image] td.num"))
        .hasText("1");
    PlaywrightAssertions.assertThat(page.locator("tr[data-code=corrupt_image] a")).hasCount(1);
    PlaywrightAssertions.assertThat(page.locator("tr[data-stage=decode] td.num").first())
        .hasText("6");
    PlaywrightAssertions.assertThat(page.locator("tr.worker")).not().hasCount(0);
    assertThat(browser.unlabelledControls()).isEmpty();
    browser.screenshot("10-monitor");
  }

  @Test
  @Order(8)
  void noPageBrokeThePolicyOrFailed() {
    assertThat(browser.requests).anyMatch(r -> PAGES.matcher(r).find());
    assertThat(browser.policyRefusals()).isEmpty();
    assertThat(browser.realProblems()).isEmpty();
  }

  private <T> T fetch(HttpClient http, String path, HttpResponse.BodyHandler<T> handler)
      throws Exception {
    HttpResponse<T> response =
        http.send(HttpRequest.newBuilder(product.apiUri().resolve(path)).build(), handler);
    assertThat(response.statusCode()).as(path).isEqualTo(200);
    return response.body();
  }

  private static Path corpus() {
    return Path.of(System.getProperty("darkroom.corpus"));
  }
}
