package io.darkroom.api.console;

import io.darkroom.api.storage.StorageConfiguration;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ResponseFilter;
import io.micronaut.http.annotation.ServerFilter;
import java.net.URI;

/**
 * The console's security headers, on every response under {@code /ui/}: a Content-Security-Policy
 * that lets its pages load and talk only to our origin and storage's (presigned uploads and
 * downloads go there straight from the browser), no inline script or style, no framing, no MIME
 * sniffing, no referrer carried to storage.
 */
@ServerFilter("/ui/**")
class ConsoleHeaders {
  private static final URI CONSOLE = URI.create("/ui/");

  private final String policy;

  ConsoleHeaders(StorageConfiguration storage) {
    this.policy = policy(origin(storage.effectivePublicEndpoint()));
  }

  /**
   * The policy: {@code blob:} and {@code data:} images are previews the browser makes of the files
   * the user picked, never fetched.
   */
  static String policy(String storageOrigin) {
    return "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' blob: data: "
        + storageOrigin
        + "; connect-src 'self' "
        + storageOrigin
        + "; font-src 'self'; manifest-src 'self'; form-action 'self'; frame-ancestors 'none';"
        + " base-uri 'none'; object-src 'none'";
  }

  /** scheme://host[:port] of a URL, which is what a CSP source names. */
  static String origin(String url) {
    URI uri = URI.create(url.strip());
    if (uri.getScheme() == null || uri.getHost() == null) {
      throw new IllegalArgumentException("darkroom.storage.public-endpoint is not a URL: " + url);
    }
    return uri.getScheme()
        + "://"
        + uri.getHost()
        + (uri.getPort() == -1 ? "" : ":" + uri.getPort());
  }

  /**
   * {@code /ui} would serve the upload page with every relative link one level too high: send the
   * browser to {@code /ui/}.
   */
  @RequestFilter
  @Nullable
  HttpResponse<?> slash(HttpRequest<?> request) {
    return "/ui".equals(request.getPath()) ? HttpResponse.seeOther(CONSOLE) : null;
  }

  @ResponseFilter
  void secure(MutableHttpResponse<?> response) {
    response.header("Content-Security-Policy", policy);
    response.header("X-Content-Type-Options", "nosniff");
    response.header("X-Frame-Options", "DENY");
    response.header("Referrer-Policy", "no-referrer");
    response.header("Cross-Origin-Opener-Policy", "same-origin");
    response.header("Permissions-Policy", "camera=(), microphone=(), geolocation=()");
    // pages and scripts are checked with the server on every load (Last-Modified), so an upgrade
    // never runs an old script against a new api
    response.header("Cache-Control", "no-cache");
  }
}
