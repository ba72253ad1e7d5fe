package io.darkroom.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.JSHandle;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Headless Chromium on the console, through Playwright for Java. The browser is the machine's own
 * ({@code /usr/bin/chromium}, Debian's package; {@code -Ddarkroom.chromium} or {@code
 * DARKROOM_CHROMIUM} for another path): Playwright never downloads one. What the pages log as
 * errors, the policy's refusals among them, is collected for the tests to check.
 */
final class ConsoleBrowser implements AutoCloseable {
  /** Where the tests' screenshots go; the README shows committed copies from docs/console. */
  static final Path SCREENSHOTS = Path.of("target/console-screenshots");

  /** Script that makes a DataTransfer {@code dt} holding {@code files}, as dropped or pasted. */
  private static final String TRANSFER =
      "{ const dt = new DataTransfer();"
          + " for (const f of files) {"
          + "   const bytes = Uint8Array.from(atob(f.b64), c => c.charCodeAt(0));"
          + "   dt.items.add(new File([bytes], f.name, { type: f.type })); }";

  private final Playwright playwright;
  private final Browser browser;
  private final BrowserContext context;
  private final URI base;
  final Page page;
  final List<String> problems = new CopyOnWriteArrayList<>();
  final List<String> requests = new CopyOnWriteArrayList<>();

  ConsoleBrowser(URI base) {
    this.base = base;
    Path chromium = chromium();
    assertThat(chromium)
        .as("Chromium is needed for the console's tests: apt-get install chromium (the README)")
        .isExecutable();
    playwright =
        Playwright.create(
            new Playwright.CreateOptions().setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
    browser =
        playwright
            .chromium()
            .launch(
                new BrowserType.LaunchOptions()
                    .setExecutablePath(chromium)
                    .setHeadless(true)
                    .setArgs(List.of("--no-sandbox", "--disable-gpu")));
    context =
        browser.newContext(
            new Browser.NewContextOptions().setViewportSize(1280, 900).setAcceptDownloads(true));
    page = context.newPage();
    page.setDefaultTimeout(15_000);
    page.onConsoleMessage(
        message -> {
          if (message.type().equals("error")) {
            problems.add(message.text());
          }
        });
    page.onPageError(error -> problems.add("uncaught: " + error));
    page.onRequest(request -> requests.add(request.method() + " " + request.url()));
    // the browser logs a failed load without its URL: a page, script or style of ours that is
    // missing is caught here by name
    page.onResponse(
        response -> {
          if (response.url().contains("/ui/") && response.status() >= 400) {
            problems.add("missing: " + response.status() + " " + response.url());
          }
        });
    page.onDialog(dialog -> dialog.accept());
  }

  private static Path chromium() {
    String configured = System.getProperty("darkroom.chromium", System.getenv("DARKROOM_CHROMIUM"));
    return Path.of(configured == null || configured.isBlank() ? "/usr/bin/chromium" : configured);
  }

  void open(String page) {
    this.page.navigate(base.resolve("/ui/" + page).toString());
  }

  /**
   * What the pages logged as errors, less what the tests cause on purpose and check on the page:
   * the browser's note of each 4xx answer ("Failed to load resource"), Uppy's log of a file the api
   * refused ("[Uppy]"), and Uppy's note that s3proxy sends no Location after a form POST (MinIO
   * does). Left: uncaught errors, the policy's refusals, our missing files.
   */
  List<String> realProblems() {
    return problems.stream()
        .filter(p -> !p.contains("Could not read the Location header"))
        .filter(p -> !p.contains("Failed to load resource"))
        .filter(p -> !p.startsWith("[Uppy]"))
        .toList();
  }

  /** What the Content-Security-Policy refused: nothing, on every page. */
  List<String> policyRefusals() {
    return problems.stream().filter(p -> p.contains("Content Security Policy")).toList();
  }

  /**
   * Drops files on the selector as a user dragging them from their desktop would: dragenter,
   * dragover and drop, with a DataTransfer holding the files.
   */
  void drop(String selector, Map<String, byte[]> files) {
    JSHandle transfer =
        page.evaluateHandle("files => " + TRANSFER + " return dt; }", encoded(files));
    for (String event : List.of("dragenter", "dragover", "drop")) {
      page.dispatchEvent(selector, event, Map.of("dataTransfer", transfer));
    }
  }

  /** Pastes files on the page, as Ctrl+V of a copied file or a screenshot does. */
  void paste(Map<String, byte[]> files) {
    page.evaluate(
        "files => "
            + TRANSFER
            + " document.body.dispatchEvent(new ClipboardEvent('paste',"
            + " { clipboardData: dt, bubbles: true, cancelable: true })); }",
        encoded(files));
  }

  private static List<Map<String, String>> encoded(Map<String, byte[]> files) {
    List<Map<String, String>> encoded = new ArrayList<>();
    files.forEach(
        (name, bytes) ->
            encoded.add(
                Map.of(
                    "name",
                    name,
                    "type",
                    name.endsWith(".png") ? "image/png" : "image/jpeg",
                    "b64",
                    Base64.getEncoder().encodeToString(bytes))));
    return encoded;
  }

  void screenshot(String name) {
    try {
      Files.createDirectories(SCREENSHOTS);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    page.screenshot(
        new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve(name + ".png")).setFullPage(true));
  }

  /**
   * The controls on the page a user can reach that have no accessible name: no label, no aria-label
   * or aria-labelledby, no text. Hidden ones (Uppy's file inputs behind its buttons) are not
   * reached, so not counted.
   */
  @SuppressWarnings("unchecked")
  List<String> unlabelledControls() {
    return (List<String>)
        page.evaluate(
            "() => [...document.querySelectorAll('input, select, textarea, button')]"
                + ".filter(el => el.type !== 'hidden' && el.getClientRects().length > 0"
                + "   && getComputedStyle(el).visibility !== 'hidden')"
                + ".filter(el => !(el.labels && el.labels.length)"
                + "   && !el.getAttribute('aria-label') && !el.getAttribute('aria-labelledby')"
                + "   && !(el.tagName === 'BUTTON' && el.textContent.trim()) && !el.title)"
                + ".map(el => el.outerHTML.slice(0, 120))");
  }

  /** Presses Tab until the focused element matches, at most {@code presses} times. */
  boolean tabTo(String selector, int presses) {
    page.evaluate("() => document.activeElement && document.activeElement.blur()");
    for (int i = 0; i < presses; i++) {
      page.keyboard().press("Tab");
      Object matches =
          page.evaluate(
              "s => !!document.activeElement && document.activeElement.matches(s)", selector);
      if (Boolean.TRUE.equals(matches)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Every status badge on the page whose text does not say its status: a badge must never tell it
   * by its colour alone.
   */
  @SuppressWarnings("unchecked")
  List<String> badgesWithoutWords() {
    return (List<String>)
        page.evaluate(
            "() => [...document.querySelectorAll('.badge')]"
                + ".filter(b => !b.textContent.includes(b.dataset.status.replaceAll('_', ' ')))"
                + ".map(b => b.outerHTML)");
  }

  @Override
  public void close() {
    context.close();
    browser.close();
    playwright.close();
  }
}
