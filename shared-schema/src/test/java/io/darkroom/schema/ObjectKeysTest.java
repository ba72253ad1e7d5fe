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
    assertThat(ObjectKeys.rendition("alice", IMAGE, "thumbnail", OutputFormat.JPEG))
        .isEqualTo(prefix + "thumbnail.jpg");
    assertThat(prefix).matches("[0-9a-f]{32}/" + IMAGE + "/");
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
    assertThatThrownBy(() -> ObjectKeys.rendition("alice", IMAGE, "../x", OutputFormat.PNG))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ObjectKeys.rendition("alice", IMAGE, "ok", OutputFormat.AUTO))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ObjectKeys.original(" ", IMAGE))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
