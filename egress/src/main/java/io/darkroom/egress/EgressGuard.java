package io.darkroom.egress;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Proxy;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import okhttp3.Call;
import okhttp3.CookieJar;
import okhttp3.Dns;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;

/**
 * Every request the product makes to a URL a user gave it. The URL is checked first (http or https,
 * no user info, a host); the host is resolved once, every address it resolves to is checked (a name
 * that answers one private address among public ones is refused), and the connection is made only
 * to the checked addresses (OkHttp's {@link Dns}, which the JDK client has no equivalent of).
 * Redirects are followed by hand, each hop checked again; connect, read and total timeouts apply; a
 * body is read only up to its cap; no proxy, no cookies, one User-Agent.
 */
public final class EgressGuard {
  /** Resolves a host name; tests give one that answers what they need. */
  @FunctionalInterface
  public interface Resolver {
    List<InetAddress> resolve(String host) throws UnknownHostException;
  }

  /** A response whose body was read whole, within the cap. */
  public record Answer(int status, Map<String, List<String>> headers, byte[] body) {
    public Optional<String> header(String name) {
      return headers.entrySet().stream()
          .filter(e -> e.getKey().equalsIgnoreCase(name))
          .flatMap(e -> e.getValue().stream())
          .findFirst();
    }
  }

  private final EgressPolicy policy;
  private final AddressRules rules;
  private final Resolver resolver;
  private final OkHttpClient client;

  /**
   * For GETs: also retries a request a server's closed idle keep-alive connection failed (and the
   * next checked address), which is safe for a GET. POSTs are never sent twice by the client.
   */
  private final OkHttpClient idempotent;

  public EgressGuard(EgressPolicy policy) {
    this(policy, host -> List.of(InetAddress.getAllByName(host)));
  }

  public EgressGuard(EgressPolicy policy, Resolver resolver) {
    this.policy = policy;
    this.rules = new AddressRules(policy.allowedRanges());
    this.resolver = resolver;
    this.client =
        new OkHttpClient.Builder()
            .dns(this::checkedAddresses)
            .proxy(Proxy.NO_PROXY)
            .cookieJar(CookieJar.NO_COOKIES)
            .followRedirects(false)
            .followSslRedirects(false)
            .retryOnConnectionFailure(false)
            .connectTimeout(policy.connectTimeout().toMillis(), TimeUnit.MILLISECONDS)
            .readTimeout(policy.readTimeout().toMillis(), TimeUnit.MILLISECONDS)
            .writeTimeout(policy.readTimeout().toMillis(), TimeUnit.MILLISECONDS)
            .callTimeout(policy.callTimeout().toMillis(), TimeUnit.MILLISECONDS)
            .build();
    this.idempotent = client.newBuilder().retryOnConnectionFailure(true).build();
  }

  /**
   * Refuses a URL that may never be reached, with the reason: for checking a URL when a user
   * registers it. Resolves its host, so a name that answers only private addresses is refused now
   * rather than at every delivery.
   */
  public HttpUrl check(String url) throws EgressRefused {
    HttpUrl parsed = parse(url);
    try {
      checkedAddresses(parsed.host());
    } catch (UnknownHostException e) {
      throw refusal(e);
    }
    return parsed;
  }

  /**
   * POSTs {@code body} to {@code url}, following at most the policy's redirects, each re-checked.
   */
  public Answer post(String url, Map<String, String> headers, byte[] body, String contentType)
      throws IOException {
    HttpUrl target = parse(url);
    RequestBody payload = RequestBody.create(body, MediaType.get(contentType));
    for (int hop = 0; ; hop++) {
      checkLiteral(target.host());
      Request.Builder request = new Request.Builder().url(target).post(payload);
      headers.forEach(request::header);
      request.header("User-Agent", policy.userAgent());
      Call call = client.newCall(request.build());
      try (Response response = execute(call)) {
        // with no redirects allowed (webhooks), a 3xx is the answer: not followed, the caller's to
        // judge
        if (!response.isRedirect() || policy.maxRedirects() == 0) {
          return new Answer(
              response.code(), response.headers().toMultimap(), capped(response.body()));
        }
        target = redirected(target, response, hop);
      }
    }
  }

  /** What a GET answered: its status, the URL that answered, and how many body bytes were kept. */
  public record Download(int status, String finalUrl, long bytes) {
    public boolean successful() {
      return status >= 200 && status < 300;
    }
  }

  /**
   * GETs {@code url} and streams a 2xx body into {@code sink}, counting while it streams: more than
   * the policy's cap stops the read and fails ({@link EgressRefused.Reason#TOO_LARGE}), whatever
   * Content-Length said. Redirects are followed up to the policy's limit, each hop checked again.
   * Any other status is returned with nothing written (its body is not read).
   *
   * @throws EgressRefused what the guard would not do, with its reason
   * @throws java.io.InterruptedIOException a timeout
   * @throws IOException the connection failed
   */
  public Download download(String url, OutputStream sink) throws IOException {
    HttpUrl target = parse(url);
    for (int hop = 0; ; hop++) {
      checkLiteral(target.host());
      Request request =
          new Request.Builder()
              .url(target)
              .get()
              .header("User-Agent", policy.userAgent())
              .header("Accept", "image/*")
              .build();
      try (Response response = execute(idempotent.newCall(request))) {
        if (response.isRedirect()) {
          target = redirected(target, response, hop);
          continue;
        }
        if (!response.isSuccessful()) {
          return new Download(response.code(), target.toString(), 0);
        }
        long written = stream(response.body(), sink);
        return new Download(response.code(), target.toString(), written);
      }
    }
  }

  private HttpUrl redirected(HttpUrl from, Response response, int hop) throws EgressRefused {
    if (hop >= policy.maxRedirects()) {
      throw new EgressRefused(
          EgressRefused.Reason.TOO_MANY_REDIRECTS,
          "more than " + policy.maxRedirects() + " redirects");
    }
    String location = response.header("Location");
    HttpUrl next = location == null ? null : from.resolve(location);
    if (next == null) {
      throw new EgressRefused(
          EgressRefused.Reason.TOO_MANY_REDIRECTS, "a redirect without a usable Location");
    }
    return parse(next.toString());
  }

  private long stream(ResponseBody body, OutputStream sink) throws IOException {
    if (body == null) {
      return 0;
    }
    long cap = policy.maxBodyBytes();
    if (body.contentLength() > cap) {
      throw tooLarge(cap);
    }
    byte[] buffer = new byte[64 * 1024];
    long total = 0;
    try (InputStream in = body.byteStream()) {
      for (int n; (n = in.read(buffer)) >= 0; ) {
        total += n;
        if (total > cap) {
          throw tooLarge(cap);
        }
        sink.write(buffer, 0, n);
      }
    }
    return total;
  }

  /**
   * OkHttp connects to an IP literal without asking {@link Dns}: such a host (in any of the forms
   * resolvers accept) is checked here instead. Names are checked by {@link #checkedAddresses} when
   * OkHttp resolves them, once, for the connection it makes.
   */
  private void checkLiteral(String host) throws EgressRefused {
    if (HostNames.ipv4Literal(host).isPresent() || host.contains(":")) {
      try {
        checkedAddresses(host);
      } catch (UnknownHostException e) {
        throw refusal(e);
      }
    }
  }

  private static Response execute(Call call) throws IOException {
    try {
      return call.execute();
    } catch (RefusedHost refused) {
      throw refusal(refused);
    }
  }

  private HttpUrl parse(String url) throws EgressRefused {
    if (url == null || url.isBlank()) {
      throw invalid("no URL");
    }
    String lower = url.strip().toLowerCase(Locale.ROOT);
    if (!lower.startsWith("http://") && !lower.startsWith("https://")) {
      throw invalid("only http and https URLs are allowed");
    }
    String authority = authority(url.strip());
    if (authority.contains("@")) {
      throw invalid("a URL may not carry a user name or password");
    }
    HttpUrl parsed = HttpUrl.parse(url.strip());
    if (parsed == null || parsed.host().isEmpty()) {
      throw invalid("not a URL with a host");
    }
    return parsed;
  }

  /** The authority as written, before any parser normalises it away. */
  private static String authority(String url) {
    int start = url.indexOf("//") + 2;
    int end = start;
    while (end < url.length() && "/?#".indexOf(url.charAt(end)) < 0) {
      end++;
    }
    return url.substring(start, end);
  }

  /** Resolves once and checks every address; the connection is made only to these. */
  private List<InetAddress> checkedAddresses(String host) throws UnknownHostException {
    List<InetAddress> addresses;
    Optional<InetAddress> literal = HostNames.ipv4Literal(host);
    if (literal.isPresent()) {
      addresses = List.of(literal.get());
    } else if (host.contains(":")) {
      addresses = List.of(InetAddress.getByName(host)); // an IPv6 literal: no lookup
    } else {
      try {
        addresses = resolver.resolve(host);
      } catch (UnknownHostException e) {
        throw new RefusedHost(
            EgressRefused.Reason.DNS_FAILED, "the host " + host + " does not resolve");
      }
    }
    if (addresses.isEmpty()) {
      throw new RefusedHost(
          EgressRefused.Reason.DNS_FAILED, "the host " + host + " does not resolve");
    }
    List<InetAddress> checked = new ArrayList<>();
    for (InetAddress address : addresses) {
      Optional<String> refusal = rules.refusal(address);
      if (refusal.isPresent()) {
        throw new RefusedHost(
            EgressRefused.Reason.FORBIDDEN_ADDRESS, "the host " + host + " is " + refusal.get());
      }
      checked.add(address);
    }
    return checked;
  }

  private byte[] capped(ResponseBody body) throws IOException {
    if (body == null) {
      return new byte[0];
    }
    long cap = policy.maxBodyBytes();
    try (InputStream in = body.byteStream()) {
      byte[] read = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, cap + 1));
      if (read.length > cap) {
        throw tooLarge(cap);
      }
      return read;
    }
  }

  /**
   * A refusal raised inside OkHttp's {@link Dns}, which may only throw UnknownHostException; {@link
   * #check} and {@link #post} turn it back into an {@link EgressRefused}.
   */
  static final class RefusedHost extends UnknownHostException {
    private final EgressRefused.Reason reason;

    RefusedHost(EgressRefused.Reason reason, String message) {
      super(message);
      this.reason = reason;
    }
  }

  private static EgressRefused refusal(UnknownHostException e) {
    EgressRefused.Reason reason =
        e instanceof RefusedHost refused ? refused.reason : EgressRefused.Reason.DNS_FAILED;
    return new EgressRefused(reason, e.getMessage());
  }

  private static EgressRefused invalid(String message) {
    return new EgressRefused(EgressRefused.Reason.INVALID_URL, message);
  }

  private static EgressRefused tooLarge(long cap) {
    return new EgressRefused(
        EgressRefused.Reason.TOO_LARGE, "the answer is longer than " + cap + " bytes");
  }
}
