package io.darkroom.schema;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.core.type.Argument;
import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The wire format is a contract between separately deployed services: these checked-in messages
 * must read into the records, and the records must write exactly these messages. A renamed field
 * fails here.
 */
class MessageFixturesTest {
  private static final UUID COMMAND_ID = UUID.fromString("6f1c2a8e-3b7d-4c1e-9a55-0d2b8f4e7a10");
  private static final UUID IMAGE_ID = UUID.fromString("0b9d8c7e-6f5a-4b3c-8d2e-1f0a9b8c7d6e");
  private static final String PREFIX = "9f2d7c1c0b2f3e4a5b6c7d8e9f0a1b2c/" + IMAGE_ID + "/";

  private final JsonMapper json = JsonMapper.createDefault();

  @Test
  void shouldReadAndWriteTheProcessImageCommandFixture() throws IOException {
    ProcessImageCommand expected =
        new ProcessImageCommand(
            1,
            COMMAND_ID,
            IMAGE_ID,
            "user-42",
            new ProcessImageCommand.SourceObject(
                "uploads", PREFIX + "original", "image/jpeg", 695070),
            List.of(
                new RenditionSpec("thumbnail", 100, 100, Fit.COVER, OutputFormat.AUTO, null),
                new RenditionSpec("small", 320, null, Fit.INSIDE, OutputFormat.WEBP, 75)),
            Instant.parse("2026-11-25T10:15:30Z"));

    assertRoundTrip("process-image-command.v1.json", expected, ProcessImageCommand.class);
  }

  @Test
  void shouldReadAndWriteAnImportedImagesCommandWithItsRemoteSource() throws IOException {
    ProcessImageCommand expected =
        new ProcessImageCommand(
            1,
            COMMAND_ID,
            IMAGE_ID,
            "user-42",
            new ProcessImageCommand.SourceObject("uploads", PREFIX + "original", null, 0),
            List.of(new RenditionSpec("compressed", 4096, 4096, Fit.INSIDE, OutputFormat.JPEG, 50)),
            Instant.parse("2026-11-25T10:15:30Z"),
            new ProcessImageCommand.RemoteSource(
                "https://images.example.com/catalogue/mouse-1.jpeg"));

    assertRoundTrip("process-image-command-remote.v1.json", expected, ProcessImageCommand.class);
  }

  @Test
  void shouldReadTheOriginalsSizeWhenAWorkerReportsIt() throws IOException {
    String withBytes =
        new String(
                getClass().getResourceAsStream("/fixtures/image-processed.v1.json").readAllBytes())
            .replace("\"format\": \"jpeg\"}", "\"format\": \"jpeg\", \"bytes\": 695070}");
    ImageProcessed read = (ImageProcessed) json.readValue(withBytes, ImageEvent.class);
    assertThat(read.source().bytes()).isEqualTo(695070L);
  }

  @Test
  void shouldReadAndWriteTheImageProcessedFixtureAsAnImageEvent() throws IOException {
    ImageEvent expected =
        (ImageEvent)
            new ImageProcessed(
                1,
                UUID.fromString("a3e1f2d4-5b6c-4d7e-8f90-1a2b3c4d5e6f"),
                COMMAND_ID,
                IMAGE_ID,
                "user-42",
                new ImageProcessed.SourceInfo(1920, 1280, SourceFormat.JPEG),
                List.of(
                    new ImageProcessed.Rendition(
                        "thumbnail",
                        "processed",
                        PREFIX + "thumbnail.jpg",
                        100,
                        100,
                        OutputFormat.JPEG,
                        2055)),
                new ImageProcessed.Timings(4, 120, 30, 12, 9, 180),
                Instant.parse("2026-11-25T10:15:31Z"));

    assertRoundTrip("image-processed.v1.json", expected, ImageEvent.class);
  }

  @Test
  void shouldReadAndWriteTheImageProcessingFailedFixtureAsAnImageEvent() throws IOException {
    ImageEvent expected =
        new ImageProcessingFailed(
            1,
            UUID.fromString("b4f2a3e5-6c7d-4e8f-9a01-2b3c4d5e6f70"),
            COMMAND_ID,
            IMAGE_ID,
            "user-42",
            FailureCode.TOO_MANY_PIXELS,
            "The image is 65000x65000 (4225000000 pixels); at most 100000000 are decoded.",
            false,
            Instant.parse("2026-11-25T10:15:31Z"));

    assertRoundTrip("image-processing-failed.v1.json", expected, ImageEvent.class);
  }

  @Test
  void shouldReadAndWriteTheImageProcessingStartedFixtureAsAnImageEvent() throws IOException {
    ImageEvent expected =
        new ImageProcessingStarted(
            1,
            UUID.fromString("c5a3b4f6-7d8e-4f90-8b12-3c4d5e6f7081"),
            COMMAND_ID,
            IMAGE_ID,
            "user-42",
            Instant.parse("2026-11-25T10:15:30.500Z"));

    assertRoundTrip("image-processing-started.v1.json", expected, ImageEvent.class);
  }

  private <T> void assertRoundTrip(String fixture, T expected, Class<T> type) throws IOException {
    byte[] bytes;
    try (InputStream in = getClass().getResourceAsStream("/fixtures/" + fixture)) {
      bytes = in.readAllBytes();
    }
    assertThat(json.readValue(bytes, type)).isEqualTo(expected);
    JsonNode written =
        json.readValue(json.writeValueAsBytes(Argument.of(type), expected), JsonNode.class);
    assertThat(written)
        .as("written: %s", new String(json.writeValueAsBytes(written)))
        .isEqualTo(json.readValue(bytes, JsonNode.class));
  }
}
