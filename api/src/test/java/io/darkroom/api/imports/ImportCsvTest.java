package io.darkroom.api.imports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ImportCsvTest {
  private static final ImportLimits LIMITS =
      new ImportLimits(10_000_000, 1000, 10, 5000, Duration.ofSeconds(1));
  private static final List<String> MOUSE =
      List.of("https://img.example.com/a.jpeg", "https://img.example.com/b.jpeg");

  @Test
  void shouldReadTheReplacedServicesUnquotedSampleKeepingEveryUrl() throws IOException {
    List<ImportCsv.Row> rows = ImportCsv.read(resource("unquoted.csv"), LIMITS);

    assertThat(rows).hasSize(2);
    assertThat(rows.get(0).serial()).isEqualTo("1");
    assertThat(rows.get(0).product()).isEqualTo("Wireless Mouse");
    assertThat(rows.get(0).urls()).isEqualTo(MOUSE);
    assertThat(rows.get(1).urls()).containsExactly("https://img.example.com/c.jpeg");
  }

  @Test
  void shouldReadTheQuotedFormWithABomAndCommasInsideFields() throws IOException {
    List<ImportCsv.Row> rows = ImportCsv.read(resource("quoted.csv"), LIMITS);

    assertThat(rows.get(0).product()).isEqualTo("Wireless Mouse, black");
    assertThat(rows.get(0).urls()).isEqualTo(MOUSE);
    assertThat(rows.get(1).line()).isEqualTo(3);
  }

  @Test
  void shouldTolerateHeaderCaseAndSpacing() {
    List<ImportCsv.Row> rows =
        ImportCsv.read(
            csv("serialnumber , ProductName,INPUTIMAGEURLS\n7,Lamp,http://x/1.jpg\n"), LIMITS);

    assertThat(rows).extracting(ImportCsv.Row::serial).containsExactly("7");
  }

  @Test
  void shouldReportEveryStructuralProblemWithItsRowAndColumn() {
    String file =
        "Serial Number,Product Name,Input Image Urls\n"
            + ",No serial,http://x/1.jpg\n"
            + "2,No urls,\n"
            + "3,First,http://x/3.jpg\n"
            + "3,Again,http://x/4.jpg\n"
            + "4,Many,"
            + "http://x/1,http://x/2,http://x/3,http://x/4,http://x/5,http://x/6,http://x/7,http://x/8,"
            + "http://x/9,http://x/10,http://x/11\n";

    assertThat(problems(file))
        .containsExactly(
            new ImportCsv.Problem(2, "Serial Number", "no serial number"),
            new ImportCsv.Problem(3, "Input Image Urls", "no image URL"),
            new ImportCsv.Problem(5, "Serial Number", "serial number 3 is also on row 4"),
            new ImportCsv.Problem(6, "Input Image Urls", "11 URLs; a row takes at most 10"));
  }

  @Test
  void shouldNameEveryMissingColumn() {
    assertThat(problems("Serial Number,Name\n1,Lamp\n"))
        .containsExactly(
            new ImportCsv.Problem(1, "Product Name", "the column Product Name is missing"),
            new ImportCsv.Problem(1, "Input Image Urls", "the column Input Image Urls is missing"));
  }

  @Test
  void shouldRefuseAnEmptyFileAHeaderWithoutRowsAndBinaryContent() {
    assertThat(problems(""))
        .extracting(ImportCsv.Problem::message)
        .containsExactly("the file is empty");
    assertThat(problems("Serial Number,Product Name,Input Image Urls\n"))
        .extracting(ImportCsv.Problem::message)
        .containsExactly("the file has a header but no rows");
    byte[] jpeg = {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE0, 0, 0x10, 'J', 'F', 'I', 'F'};
    assertThat(problems(new ByteArrayInputStream(jpeg)))
        .extracting(ImportCsv.Problem::message)
        .containsExactly("not a CSV file: it is not UTF-8 text");
  }

  @Test
  void shouldEnforceTheRowAndUrlLimits() {
    ImportLimits small = new ImportLimits(10_000, 2, 10, 3, Duration.ofSeconds(1));
    String threeRows =
        "Serial Number,Product Name,Input Image Urls\n1,a,http://x/1\n2,b,http://x/2\n3,c,http://x/3\n";
    assertThat(
            ImportCsv.read(
                csv(
                    "Serial Number,Product Name,Input Image Urls\n1,a,http://x/1,http://x/2\n2,b,http://x/3,http://x/4\n"),
                new ImportLimits(10_000, 2, 10, 5, Duration.ofSeconds(1))))
        .hasSize(2);
    assertThat(
            catchThrowableOfType(
                    () -> ImportCsv.read(csv(threeRows), small), ImportCsv.Refused.class)
                .problems())
        .extracting(ImportCsv.Problem::message)
        .contains("more than 2 rows");
    String fourUrls =
        "Serial Number,Product Name,Input Image Urls\n1,a,http://x/1,http://x/2\n2,b,http://x/3,http://x/4\n";
    assertThat(
            catchThrowableOfType(
                    () -> ImportCsv.read(csv(fourUrls), small), ImportCsv.Refused.class)
                .problems())
        .extracting(ImportCsv.Problem::message)
        .containsExactly("4 URLs in all; an import takes at most 3");
  }

  /** RFC 4180, every field quoted, one output URL per input URL, empty where it failed. */
  @Test
  void shouldWriteTheOutputCsvByteForByte() throws IOException {
    List<ImportCsv.Row> rows = ImportCsv.read(resource("quoted.csv"), LIMITS);

    String output =
        ImportCsv.output(
            rows,
            Map.of(
                2,
                Arrays.asList("https://api/i/1/renditions/compressed", null),
                3,
                List.of("https://api/i/2/renditions/compressed")));

    assertThat(output)
        .isEqualTo(
            "\"Serial Number\",\"Product Name\",\"Input Image Urls\",\"Output Image Urls\"\r\n"
                + "\"1\",\"Wireless Mouse, black\","
                + "\"https://img.example.com/a.jpeg,https://img.example.com/b.jpeg\","
                + "\"https://api/i/1/renditions/compressed,\"\r\n"
                + "\"2\",\"USB Cable\",\"https://img.example.com/c.jpeg\","
                + "\"https://api/i/2/renditions/compressed\"\r\n");
  }

  private static List<ImportCsv.Problem> problems(String file) {
    return problems(new ByteArrayInputStream(file.getBytes(StandardCharsets.UTF_8)));
  }

  private static List<ImportCsv.Problem> problems(InputStream file) {
    ImportCsv.Refused refused =
        catchThrowableOfType(() -> ImportCsv.read(file, LIMITS), ImportCsv.Refused.class);
    assertThat(refused).as("refused").isNotNull();
    return refused.problems();
  }

  private static InputStream csv(String file) {
    return new ByteArrayInputStream(file.getBytes(StandardCharsets.UTF_8));
  }

  private static InputStream resource(String name) {
    return ImportCsvTest.class.getResourceAsStream("/imports/" + name);
  }
}
