package io.darkroom.api.text;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FilenamesTest {
  @Test
  void shouldKeepOnlyTheLastPathSegmentOfEitherSeparator() {
    assertThat(Filenames.clean("../../etc/passwd")).isEqualTo("passwd");
    assertThat(Filenames.clean("C:\\Users\\me\\holiday.jpg")).isEqualTo("holiday.jpg");
  }

  @Test
  void shouldDropControlCharactersAndSurroundingBlanks() {
    assertThat(Filenames.clean("  a\u0000b\r\nc.png\t ")).isEqualTo("abc.png");
  }

  @Test
  void shouldNameNothingUsableUpload() {
    assertThat(Filenames.clean(null)).isEqualTo("upload");
    assertThat(Filenames.clean("dir/")).isEqualTo("upload");
    assertThat(Filenames.clean("\u0007")).isEqualTo("upload");
  }

  @Test
  void shouldCutLongNamesTo255CharactersAndKeepUnicode() {
    assertThat(Filenames.clean("é".repeat(300))).hasSize(255);
    assertThat(Filenames.clean("фото 📷.jpg")).isEqualTo("фото 📷.jpg");
  }
}
