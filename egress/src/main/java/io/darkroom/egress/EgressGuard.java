package io.darkroom.egress;

import java.io.IOException;
import java.io.InputStream;
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
      throw new EgressRefused(e.getMessage());
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
        if (hop >= policy.maxRedirects()) {
          throw new EgressRefused("more than " + policy.maxRedirects() + " redirects");
        }
        String location = response.header("Location");
        HttpUrl next = location == null ? null : target.resolve(location);
        if (next == null) {
          throw new EgressRefused("a redirect without a usable Location");
        }
        target = parse(next.toString());
      }
    }
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
        throw new EgressRefused(e.getMessage());
      }
    }
  }

  private static Response execute(Call call) throws IOException {
    try {
      return call.execute();
    } catch (RefusedHost refused) {
      throw new EgressRefused(refused.getMessage());
    }
  }

  private HttpUrl parse(String url) throws EgressRefused {
    if (url == null || url.isBlank()) {
      throw new EgressRefused("no URL");
    }
    String lower = url.strip().toLowerCase(Locale.ROOT);
    if (!lower.startsWith("http://") && !lower.startsWith("https://")) {
      throw new EgressRefused("only http and https URLs are allowed");
    }
    String authority = authority(url.strip());
    if (authority.contains("@")) {
      throw new EgressRefused("a URL may not carry a user name or password");
    }
    HttpUrl parsed = HttpUrl.parse(url.strip());
    if (parsed == null || parsed.host().isEmpty()) {
      throw new EgressRefused("not a URL with a host");
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
        throw new RefusedHost("the host " + host + " does not resolve");
      }
    }
    if (addresses.isEmpty()) {
      throw new RefusedHost("the host " + host + " does not resolve");
    }
    List<InetAddress> checked = new ArrayList<>();
    for (InetAddress address : addresses) {
      Optional<String> refusal = rules.refusal(address);
      if (refusal.isPresent()) {
        throw new RefusedHost("the host " + host + " is " + refusal.get());
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
        throw new EgressRefused("the answer is longer than " + cap + " bytes");
      }
      return read;
    }
  }

  /**
   * A refusal raised inside OkHttp's {@link Dns}, which may only throw UnknownHostException; {@link
   * #check} and {@link #post} turn it back into an {@link EgressRefused}.
   */
  static final class RefusedHost extends UnknownHostException {
    RefusedHost(String reason) {
      super(reason);
    }
  }
}
