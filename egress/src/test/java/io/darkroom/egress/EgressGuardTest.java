package io.darkroom.egress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The SSRF table of issue 18, against the guard: each URL refused with its reason, and no
 * connection made. A real server listens on 127.0.0.1 throughout and counts what reaches it.
 */
class EgressGuardTest {
  private HttpServer server;
  private final AtomicInteger hits = new AtomicInteger();
  private final CountDownLatch release = new CountDownLatch(1);
  private int port;

  @BeforeEach
  void startServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/",
        exchange -> {
          hits.incrementAndGet();
          exchange.sendResponseHeaders(204, -1);
          exchange.close();
        });
    server.createContext(
        "/to-metadata",
        exchange -> {
          hits.incrementAndGet();
          exchange.getResponseHeaders().add("Location", "http://169.254.169.254/latest/meta-data/");
          exchange.sendResponseHeaders(302, -1);
          exchange.close();
        });
    server.createContext(
        "/endless",
        exchange -> {
          hits.incrementAndGet();
          exchange.sendResponseHeaders(200, 0); // chunked
          byte[] chunk = "x".repeat(8192).getBytes(StandardCharsets.US_ASCII);
          try (OutputStream out = exchange.getResponseBody()) {
            while (true) {
              out.write(chunk);
            }
          } catch (IOException closedByTheClient) {
            // the guard stopped reading
          }
        });
    server.setExecutor(Executors.newCachedThreadPool());
    server.start();
    port = server.getAddress().getPort();
  }

  @AfterEach
  void stopServer() {
    release.countDown();
    server.stop(0);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "http://127.1:PORT/ | a loopback address",
        "http://2130706433:PORT/ | a loopback address",
        "http://0x7f000001:PORT/ | a loopback address",
        "http://0177.0.0.1:PORT/ | a loopback address",
        "http://127.0.0.1:PORT/ | a loopback address",
        "http://[::1]:PORT/ | a loopback address",
        "http://[::ffff:127.0.0.1]:PORT/ | a loopback address",
        "http://[::127.0.0.1]:PORT/ | an IPv6 address embedding an IPv4 one",
        "http://169.254.169.254/latest/meta-data/ | a link-local address",
        "http://[fd00:ec2::254]/ | a private (unique local) address",
        "http://100.100.100.200/ | a carrier-grade NAT address",
        "http://10.0.0.1/ | a private address",
        "http://192.168.1.1/ | a private address",
        "http://[64:ff9b::a9fe:a9fe]/ | a NAT64 address",
        "http://[2002:a9fe:a9fe::]/ | a 6to4 address",
        "http://[2001:0:4136:e378:8000:63bf:3fff:fdd2]/ | a Teredo address",
        "http://224.0.0.1/ | a multicast address",
        "http://a@b@127.0.0.1:PORT/ | may not carry a user name or password",
        "http://user:secret@example.com/ | may not carry a user name or password",
        "file:///etc/passwd | only http and https",
        "gopher://127.0.0.1:PORT/_GET | only http and https",
        "ftp://example.com/ | only http and https",
        "http:// | not a URL with a host",
      })
  void shouldRefuseWithTheReasonAndConnectNowhere(String url, String reason) {
    EgressGuard guard = new EgressGuard(EgressPolicy.webhooks(List.of()));
    String target = url.replace("PORT", String.valueOf(port));

    assertThatThrownBy(() -> guard.check(target))
        .isInstanceOf(EgressRefused.class)
        .hasMessageContaining(reason);
    assertThatThrownBy(() -> post(guard, target))
        .isInstanceOf(EgressRefused.class)
        .hasMessageContaining(reason);
    assertThat(hits).as("requests that reached the server").hasValue(0);
  }

  @Test
  void shouldRefuseANameWhoseDnsAnswersAPrivateAddressAmongPublicOnes() throws Exception {
    EgressGuard guard =
        new EgressGuard(
            EgressPolicy.webhooks(List.of()),
            host ->
                List.of(
                    InetAddress.getByAddress(host, new byte[] {93, (byte) 184, (byte) 215, 14}),
                    InetAddress.getByAddress(host, new byte[] {10, 1, 2, 3})));

    assertThatThrownBy(() -> guard.check("https://hooks.example.com/in"))
        .isInstanceOf(EgressRefused.class)
        .hasMessage("the host hooks.example.com is a private address");
  }

  @Test
  void shouldConnectOnlyToTheAddressItCheckedNotToASecondAnswer() throws Exception {
    // a rebinding resolver: a public address when checked, loopback on any later lookup
    AtomicInteger lookups = new AtomicInteger();
    EgressGuard guard =
        new EgressGuard(
            EgressPolicy.webhooks(List.of()),
            host ->
                lookups.getAndIncrement() == 0
                    ? List.of(InetAddress.getByAddress(host, new byte[] {(byte) 203, 0, 113, 9}))
                    : List.of(InetAddress.getLoopbackAddress()));

    assertThatThrownBy(() -> guard.check("http://rebind.example:" + port + "/"))
        .isInstanceOf(EgressRefused.class)
        .hasMessageContaining("a documentation address");
    assertThatThrownBy(() -> post(guard, "http://rebind.example:" + port + "/"))
        .isInstanceOf(EgressRefused.class)
        .hasMessageContaining("a loopback address");
    assertThat(hits).hasValue(0);
  }

  @Test
  void shouldReachAnAllowedRangeAndStopAtARedirectToMetadata() throws Exception {
    EgressGuard guard = new EgressGuard(EgressPolicy.fetches(List.of("127.0.0.1/32"), 1024));

    assertThat(post(guard, "http://127.0.0.1:" + port + "/").status()).isEqualTo(204);
    assertThatThrownBy(() -> post(guard, "http://127.0.0.1:" + port + "/to-metadata"))
        .isInstanceOf(EgressRefused.class)
        .hasMessageContaining("169.254.169.254 is a link-local address");
    assertThat(hits).as("the first request and the redirecting one, not the metadata").hasValue(2);
  }

  @Test
  void shouldHandAWebhookItsRedirectUnfollowed() throws Exception {
    EgressGuard guard = new EgressGuard(EgressPolicy.webhooks(List.of("127.0.0.1/32")));

    EgressGuard.Answer answer = post(guard, "http://127.0.0.1:" + port + "/to-metadata");

    assertThat(answer.status()).isEqualTo(302);
    assertThat(hits).as("only the redirecting request").hasValue(1);
  }

  @Test
  void shouldStopReadingAnEndlessBodyAtItsCap() {
    EgressGuard guard = new EgressGuard(EgressPolicy.webhooks(List.of("127.0.0.1/32")));

    assertThatThrownBy(() -> post(guard, "http://127.0.0.1:" + port + "/endless"))
        .isInstanceOf(EgressRefused.class)
        .hasMessage("the answer is longer than 65536 bytes");
  }

  @Test
  void shouldGiveUpOnASilentServerWithinTheTotalTimeout() throws Exception {
    server.createContext(
        "/silent",
        exchange -> {
          try {
            release.await(); // answers nothing while the test runs
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        });
    EgressPolicy quick =
        new EgressPolicy(
            List.of("127.0.0.1/32"),
            Duration.ofMillis(500),
            Duration.ofMillis(300),
            Duration.ofMillis(800),
            1024,
            3,
            "test");
    EgressGuard guard = new EgressGuard(quick);

    assertThatThrownBy(() -> post(guard, "http://127.0.0.1:" + port + "/silent"))
        .isInstanceOf(IOException.class);
  }

  @Test
  void shouldStreamADownloadFollowingAnAllowedRedirect() throws Exception {
    byte[] photo = new byte[200_000];
    new java.util.Random(7).nextBytes(photo);
    server.createContext(
        "/photo.jpg",
        exchange -> {
          exchange.sendResponseHeaders(200, photo.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(photo);
          }
        });
    server.createContext(
        "/moved",
        exchange -> {
          exchange.getResponseHeaders().add("Location", "/photo.jpg");
          exchange.sendResponseHeaders(301, -1);
          exchange.close();
        });
    EgressGuard guard = new EgressGuard(EgressPolicy.fetches(List.of("127.0.0.1/32"), 1 << 20));
    var sink = new java.io.ByteArrayOutputStream();

    EgressGuard.Download download = guard.download("http://127.0.0.1:" + port + "/moved", sink);

    assertThat(download.status()).isEqualTo(200);
    assertThat(download.bytes()).isEqualTo(photo.length);
    assertThat(download.finalUrl()).endsWith("/photo.jpg");
    assertThat(sink.toByteArray()).isEqualTo(photo);
  }

  @Test
  void shouldStopADownloadPastItsCapCountingWhileItStreams() {
    EgressGuard guard = new EgressGuard(EgressPolicy.fetches(List.of("127.0.0.1/32"), 100_000));
    var sink = new java.io.ByteArrayOutputStream();

    assertThatThrownBy(() -> guard.download("http://127.0.0.1:" + port + "/endless", sink))
        .isInstanceOf(EgressRefused.class)
        .extracting(e -> ((EgressRefused) e).reason())
        .isEqualTo(EgressRefused.Reason.TOO_LARGE);
    assertThat(sink.size()).as("never more than the cap written").isLessThanOrEqualTo(100_000);
  }

  @Test
  void shouldGiveEachRefusalOfADownloadItsReason() throws Exception {
    EgressGuard guard =
        new EgressGuard(
            EgressPolicy.fetches(List.of(), 1024),
            host -> {
              throw new java.net.UnknownHostException(host);
            });
    var sink = new java.io.ByteArrayOutputStream();

    assertThat(reasonOf(() -> guard.download("ftp://example.com/a.jpg", sink)))
        .isEqualTo(EgressRefused.Reason.INVALID_URL);
    assertThat(reasonOf(() -> guard.download("http://10.0.0.1/a.jpg", sink)))
        .isEqualTo(EgressRefused.Reason.FORBIDDEN_ADDRESS);
    assertThat(reasonOf(() -> guard.download("http://nowhere.invalid/a.jpg", sink)))
        .isEqualTo(EgressRefused.Reason.DNS_FAILED);
    EgressGuard local = new EgressGuard(EgressPolicy.fetches(List.of("127.0.0.1/32"), 1024));
    server.createContext(
        "/loop",
        exchange -> {
          exchange.getResponseHeaders().add("Location", "/loop");
          exchange.sendResponseHeaders(302, -1);
          exchange.close();
        });
    assertThat(reasonOf(() -> local.download("http://127.0.0.1:" + port + "/loop", sink)))
        .isEqualTo(EgressRefused.Reason.TOO_MANY_REDIRECTS);
    assertThat(local.download("http://127.0.0.1:" + port + "/", sink).successful())
        .as("204 is a success with no body")
        .isTrue();
    assertThat(sink.size()).isZero();
  }

  /**
   * A server that closes each connection after its answer without saying so (as servers close idle
   * keep-alive connections): the next GET meets a dead pooled connection and is retried on a new
   * one, not failed.
   */
  @Test
  void shouldRetryAGetThatMetAConnectionTheServerClosed() throws Exception {
    try (java.net.ServerSocket closing =
        new java.net.ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      AtomicInteger connections = new AtomicInteger();
      Thread acceptor =
          new Thread(
              () -> {
                while (!closing.isClosed()) {
                  try (java.net.Socket socket = closing.accept()) {
                    connections.incrementAndGet();
                    var in =
                        new java.io.BufferedReader(
                            new java.io.InputStreamReader(
                                socket.getInputStream(), StandardCharsets.US_ASCII));
                    for (String line = in.readLine();
                        line != null && !line.isEmpty();
                        line = in.readLine()) {
                      // the request's headers
                    }
                    socket
                        .getOutputStream()
                        .write(
                            "HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\nabc"
                                .getBytes(StandardCharsets.US_ASCII));
                  } catch (IOException closed) {
                    return;
                  }
                }
              });
      acceptor.setDaemon(true);
      acceptor.start();
      EgressGuard guard = new EgressGuard(EgressPolicy.fetches(List.of("127.0.0.1/32"), 1024));
      String url = "http://127.0.0.1:" + closing.getLocalPort() + "/a.jpg";

      for (int i = 0; i < 3; i++) {
        var sink = new java.io.ByteArrayOutputStream();
        assertThat(guard.download(url, sink).status()).isEqualTo(200);
        assertThat(sink.toString(StandardCharsets.US_ASCII)).isEqualTo("abc");
      }
      assertThat(connections).as("a new connection each time").hasValue(3);
    }
  }

  private interface Download {
    void run() throws IOException;
  }

  private static EgressRefused.Reason reasonOf(Download download) {
    try {
      download.run();
    } catch (EgressRefused refused) {
      return refused.reason();
    } catch (IOException other) {
      throw new AssertionError("not a refusal", other);
    }
    throw new AssertionError("not refused");
  }

  private static EgressGuard.Answer post(EgressGuard guard, String url) throws IOException {
    return guard.post(url, Map.of(), "{}".getBytes(StandardCharsets.UTF_8), "application/json");
  }
}
