package io.darkroom.api.upload;

import io.darkroom.api.error.ApiException;
import io.micronaut.http.HttpMethod;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Filter;
import io.micronaut.http.filter.HttpServerFilter;
import io.micronaut.http.filter.ServerFilterChain;
import io.micronaut.http.filter.ServerFilterPhase;
import java.util.concurrent.Semaphore;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;

/**
 * Bounds how many direct uploads the api streams at once, before their bodies are read: each holds
 * a blocking thread and memory (a multipart upload about 6 MB: its 1 MB part buffer and a 5 MiB
 * storage part; a base64 one about 2.7 times its file: the body, its text and a storage part). One
 * more gets 503 with Retry-After instead of a thread, and loses nothing: nothing was stored.
 * Authentication runs first, so anonymous callers cannot take the slots.
 */
@Filter(value = "/api/v1/images/actions/upload", methods = HttpMethod.POST)
final class UploadSlots implements HttpServerFilter {
  private static final int RETRY_AFTER_SECONDS = 2;

  private final Semaphore multipart;
  private final Semaphore base64;

  UploadSlots(UploadLimits limits) {
    this.multipart = new Semaphore(limits.concurrentMultipartUploads());
    this.base64 = new Semaphore(limits.concurrentBase64Uploads());
  }

  @Override
  public int getOrder() {
    return ServerFilterPhase.SECURITY.after();
  }

  @Override
  public Publisher<MutableHttpResponse<?>> doFilter(
      HttpRequest<?> request, ServerFilterChain chain) {
    boolean json =
        request.getContentType().map(t -> t.matches(MediaType.APPLICATION_JSON_TYPE)).orElse(false);
    Semaphore slots = json ? base64 : multipart;
    if (!slots.tryAcquire()) {
      return Flux.error(
          ApiException.busy(
              "Too many uploads are in progress; try again in a moment.", RETRY_AFTER_SECONDS));
    }
    return Flux.from(chain.proceed(request)).doFinally(signal -> slots.release());
  }
}
