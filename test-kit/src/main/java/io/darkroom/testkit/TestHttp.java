package io.darkroom.testkit;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/** A plain HTTP client, so tests see the exact wire: status, headers and body as sent. */
public final class TestHttp {
  private final HttpClient client =
      HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
  private final URI base;

  public TestHttp(URI base) {
    this.base = base;
  }

  public HttpResponse<String> get(String path) {
    return send(HttpRequest.newBuilder(base.resolve(path)).GET().build());
  }

  public HttpResponse<String> delete(String path) {
    return send(HttpRequest.newBuilder(base.resolve(path)).DELETE().build());
  }

  public HttpResponse<String> postJson(String path, String json) {
    return send(
        HttpRequest.newBuilder(base.resolve(path))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json))
            .build());
  }

  public HttpResponse<String> patchJson(String path, String json) {
    return send(
        HttpRequest.newBuilder(base.resolve(path))
            .header("Content-Type", "application/json")
            .method("PATCH", HttpRequest.BodyPublishers.ofString(json))
            .build());
  }

  /**
   * A multipart/form-data request; {@code parts} come in order, a null filename makes a plain
   * field.
   */
  public HttpResponse<String> postMultipart(String path, Part... parts) {
    String boundary = "----darkroom" + UUID.randomUUID();
    return send(
        HttpRequest.newBuilder(base.resolve(path))
            .header("Content-Type", "multipart/form-data; boundary=" + boundary)
            .POST(HttpRequest.BodyPublishers.ofByteArray(multipart(boundary, parts)))
            .build());
  }

  /**
   * The same request written on a plain socket, for a server that answers before it has read the
   * body and closes the connection (as S3 servers do for a body they will refuse anyway): the JDK
   * client reports that as an I/O error, a browser shows the answer. Returns the status line and
   * the body of the answer.
   */
  public RawAnswer postMultipartExpectingEarlyAnswer(String path, Part... parts) {
    String boundary = "----darkroom" + UUID.randomUUID();
    byte[] body = multipart(boundary, parts);
    URI target = base.resolve(path);
    try (Socket socket = new Socket(target.getHost(), target.getPort())) {
      socket.setSoTimeout(60_000);
      OutputStream out = socket.getOutputStream();
      String head =
          "POST "
              + target.getRawPath()
              + " HTTP/1.1\r\nHost: "
              + target.getHost()
              + ":"
              + target.getPort()
              + "\r\nContent-Type: multipart/form-data; boundary="
              + boundary
              + "\r\nContent-Length: "
              + body.length
              + "\r\nConnection: close\r\n\r\n";
      out.write(head.getBytes(StandardCharsets.US_ASCII));
      try {
        for (int at = 0; at < body.length; at += 64 * 1024) {
          out.write(body, at, Math.min(64 * 1024, body.length - at));
        }
        out.flush();
      } catch (IOException refusedMidway) {
        // the server has answered and closed: read what it said
      }
      String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      int headEnd = answer.indexOf("\r\n\r\n");
      String statusLine = answer.substring(0, answer.indexOf("\r\n"));
      return new RawAnswer(
          Integer.parseInt(statusLine.split(" ")[1]),
          headEnd < 0 ? "" : answer.substring(headEnd + 4));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Status and body of an answer read off a socket. */
  public record RawAnswer(int status, String body) {}

  private static byte[] multipart(String boundary, Part... parts) {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    try {
      for (Part part : parts) {
        body.write(("--" + boundary + "\r\n").getBytes(StandardCharsets.UTF_8));
        String disposition = "Content-Disposition: form-data; name=\"" + part.name() + "\"";
        if (part.filename() != null) {
          disposition += "; filename=\"" + part.filename() + "\"";
        }
        body.write((disposition + "\r\n").getBytes(StandardCharsets.UTF_8));
        if (part.contentType() != null) {
          body.write(
              ("Content-Type: " + part.contentType() + "\r\n").getBytes(StandardCharsets.UTF_8));
        }
        body.write("\r\n".getBytes(StandardCharsets.UTF_8));
        body.write(part.content());
        body.write("\r\n".getBytes(StandardCharsets.UTF_8));
      }
      body.write(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return body.toByteArray();
  }

  public HttpResponse<String> send(HttpRequest request) {
    try {
      return client.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  public record Part(String name, String filename, String contentType, byte[] content) {
    public static Part file(String filename, String contentType, byte[] content) {
      return new Part("file", filename, contentType, content);
    }

    public static Part field(String name, String value) {
      return new Part(name, null, null, value.getBytes(StandardCharsets.UTF_8));
    }
  }
}
