package io.darkroom.worker.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.darkroom.schema.Fit;
import io.darkroom.schema.ObjectKeys;
import io.darkroom.schema.OutputFormat;
import io.darkroom.schema.ProcessImageCommand;
import io.darkroom.schema.RenditionSpec;
import io.darkroom.schema.SchemaVersion;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class ImageKeysTest {
  private static final String OWNER = "keys-test";

  @Test
  void shouldPlaceAnImagesObjectsBesideItsOriginal() {
    UUID id = UUID.randomUUID();

    assertThat(ImageKeys.prefix(command(id, ObjectKeys.original(OWNER, id))))
        .isEqualTo(ObjectKeys.imagePrefix(OWNER, id));
  }

  @Test
  void shouldRefuseACommandWhoseOriginalIsAnotherImages() {
    UUID id = UUID.randomUUID();
    String othersOriginal = ObjectKeys.original(OWNER, UUID.randomUUID());

    assertThatThrownBy(() -> ImageKeys.prefix(command(id, othersOriginal)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("not the original's key of image " + id);
  }

  @Test
  void shouldRefuseAnOriginalKeyOfAnotherShape() {
    UUID id = UUID.randomUUID();

    assertThatThrownBy(() -> ImageKeys.prefix(command(id, "../" + id + "/original")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("not the original's key of image " + id);
  }

  private static ProcessImageCommand command(UUID id, String originalKey) {
    return new ProcessImageCommand(
        SchemaVersion.CURRENT,
        UUID.randomUUID(),
        id,
        OWNER,
        new ProcessImageCommand.SourceObject("uploads", originalKey, "image/jpeg", 1),
        List.of(new RenditionSpec("thumbnail", 100, 100, Fit.COVER, OutputFormat.AUTO, null)),
        Instant.now());
  }
}
