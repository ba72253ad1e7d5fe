package io.darkroom.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.UUID;
import org.junit.jupiter.api.Test;

class ObjectKeysTest {
  private static final UUID IMAGE = UUID.fromString("0b9d8c7e-6f5a-4b3c-8d2e-1f0a9b8c7d6e");

  @Test
  void shouldKeepEveryKeyOfAnImageUnderOnePrefix() {
    String prefix = ObjectKeys.imagePrefix("alice", IMAGE);
    assertThat(ObjectKeys.original("alice", IMAGE)).isEqualTo(prefix + "original");
    assertThat(ObjectKeys.upload("alice", IMAGE)).isEqualTo(prefix + "upload");
    assertThat(ObjectKeys.rendition(prefix, "thumbnail", OutputFormat.JPEG))
        .isEqualTo(prefix + "thumbnail.jpg");
    assertThat(ObjectKeys.unfinishedAttempts(prefix)).isEqualTo(prefix + "unfinished-attempts");
    assertThat(prefix).matches("[0-9a-f]{32}/" + IMAGE + "/");
  }

  @Test
  void shouldKeepTheClientWritableKeyApartFromTheCheckedOriginal() {
    assertThat(ObjectKeys.upload("alice", IMAGE)).isNotEqualTo(ObjectKeys.original("alice", IMAGE));
  }

  @Test
  void shouldReadAnImagesPrefixBackFromItsOriginalsKey() {
    String original = ObjectKeys.original("alice", IMAGE);
    assertThat(ObjectKeys.prefixOfOriginal(original, IMAGE))
        .isEqualTo(ObjectKeys.imagePrefix("alice", IMAGE));
  }

  @Test
  void shouldRefuseAnOriginalKeyOfAnotherShapeOrAnotherImage() {
    UUID other = UUID.randomUUID();
    assertThatThrownBy(
            () -> ObjectKeys.prefixOfOriginal(ObjectKeys.original("alice", other), IMAGE))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ObjectKeys.prefixOfOriginal(ObjectKeys.upload("alice", IMAGE), IMAGE))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ObjectKeys.prefixOfOriginal("../" + IMAGE + "/original", IMAGE))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ObjectKeys.rendition("elsewhere/", "thumbnail", OutputFormat.JPEG))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void shouldTellWhichImageAnObjectBelongsTo() {
    String prefix = ObjectKeys.imagePrefix("alice", IMAGE);
    assertThat(ObjectKeys.imageIdOf(prefix + "original")).contains(IMAGE);
    assertThat(ObjectKeys.imageIdOf(ObjectKeys.rendition(prefix, "small", OutputFormat.WEBP)))
        .contains(IMAGE);
    assertThat(ObjectKeys.imageIdOf("backups/2026/dump.sql")).isEmpty();
    assertThat(ObjectKeys.imageIdOf(IMAGE + "/original")).isEmpty();
  }

  @Test
  void shouldNeverPutTheRawOwnerIdInAKey() {
    String key = ObjectKeys.original("../../etc/passwd|auth0", IMAGE);
    assertThat(key).doesNotContain("..").doesNotContain("passwd").doesNotContain("|");
  }

  @Test
  void shouldSeparateOwnersAndBeDeterministic() {
    assertThat(ObjectKeys.original("alice", IMAGE)).isNotEqualTo(ObjectKeys.original("bob", IMAGE));
    assertThat(ObjectKeys.original("alice", IMAGE)).isEqualTo(ObjectKeys.original("alice", IMAGE));
  }

  @Test
  void shouldRefuseRenditionNamesThatCouldEscapeThePrefix() {
    String prefix = ObjectKeys.imagePrefix("alice", IMAGE);
    assertThatThrownBy(() -> ObjectKeys.rendition(prefix, "../x", OutputFormat.PNG))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ObjectKeys.rendition(prefix, "ok", OutputFormat.AUTO))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ObjectKeys.original(" ", IMAGE))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
