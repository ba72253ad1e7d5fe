package io.darkroom.api.imports;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.CSVRecord;
import org.apache.commons.csv.QuoteMode;

/**
 * The product catalogue CSV users have: {@code Serial Number,Product Name,Input Image Urls}, header
 * case and spacing tolerant ({@code S. No.}, {@code SerialNumber}, {@code ProductName}, {@code
 * InputImageUrls} too), a UTF-8 BOM and CRLF accepted. A row's URLs are comma-separated inside the
 * third field when it is quoted; when it is not (the replaced service's own sample), every value
 * after the third column is one more URL. Every structural problem is reported at once, with its
 * row (1 is the header) and column; nothing of a file with any is imported.
 */
public final class ImportCsv {
  static final String SERIAL = "Serial Number";
  static final String PRODUCT = "Product Name";
  static final String URLS = "Input Image Urls";
  static final String OUTPUT = "Output Image Urls";

  /** The longest URL an image may be imported from (as browsers and CDNs commonly allow). */
  public static final int MAX_URL_CHARS = 2048;

  /** The longest serial number or product name. */
  static final int MAX_FIELD_CHARS = 1000;

  private static final Map<String, String> HEADERS =
      Map.of(
          "serialnumber", SERIAL,
          "sno", SERIAL,
          "productname", PRODUCT,
          "inputimageurls", URLS);

  private ImportCsv() {}

  /** One product: its serial number and name, and its image URLs in the order written. */
  public record Row(int line, String serial, String product, List<String> urls) {}

  /** One structural problem; {@code row} 1 is the header. */
  public record Problem(int row, String column, String message) {}

  /** A file that cannot be imported, with every reason. */
  public static final class Refused extends RuntimeException {
    private final transient List<Problem> problems;

    Refused(List<Problem> problems) {
      super(problems.size() + " problem(s) in the CSV", null, false, false);
      this.problems = List.copyOf(problems);
    }

    public List<Problem> problems() {
      return problems;
    }
  }

  /** Reads the whole file, or refuses it with every problem found. */
  public static List<Row> read(InputStream csv, ImportLimits limits) {
    List<Problem> problems = new ArrayList<>();
    List<Row> rows = new ArrayList<>();
    try (Reader reader = utf8(csv);
        CSVParser parser =
            CSVFormat.RFC4180
                .builder()
                .setIgnoreSurroundingSpaces(true)
                .setIgnoreEmptyLines(true)
                .get()
                .parse(reader)) {
      Map<String, Integer> columns = null;
      Map<String, Long> firstSeen = new HashMap<>();
      int urls = 0;
      for (CSVRecord record : parser) {
        int line = (int) record.getRecordNumber();
        if (columns == null) {
          columns = header(record, problems);
          if (columns == null) {
            break;
          }
          continue;
        }
        if (rows.size() >= limits.maxRows()) {
          problems.add(new Problem(line, "", "more than " + limits.maxRows() + " rows"));
          break;
        }
        Row row = row(record, line, columns, limits, problems);
        if (row == null) {
          continue;
        }
        Long earlier = firstSeen.putIfAbsent(row.serial(), (long) line);
        if (earlier != null) {
          problems.add(
              new Problem(
                  line, SERIAL, "serial number " + row.serial() + " is also on row " + earlier));
        }
        urls += row.urls().size();
        rows.add(row);
      }
      if (columns != null && rows.isEmpty() && problems.isEmpty()) {
        problems.add(new Problem(2, "", "the file has a header but no rows"));
      }
      if (urls > limits.maxUrls()) {
        problems.add(
            new Problem(
                0, URLS, urls + " URLs in all; an import takes at most " + limits.maxUrls()));
      }
      if (columns == null && problems.isEmpty()) {
        problems.add(new Problem(1, "", "the file is empty"));
      }
    } catch (IOException | UncheckedIOException | IllegalStateException e) {
      problems.add(new Problem(0, "", "not a CSV file: " + reason(e)));
    }
    if (!problems.isEmpty()) {
      throw new Refused(problems);
    }
    return rows;
  }

  /**
   * The input columns and, per input URL in the same order, its output URL (empty if it failed).
   */
  public static String output(List<Row> rows, Map<Integer, List<String>> outputUrlsByLine) {
    StringWriter out = new StringWriter();
    try (CSVPrinter printer =
        CSVFormat.RFC4180.builder().setQuoteMode(QuoteMode.ALL).get().print(out)) {
      printer.printRecord(SERIAL, PRODUCT, URLS, OUTPUT);
      for (Row row : rows) {
        List<String> outputs = outputUrlsByLine.getOrDefault(row.line(), List.of());
        List<String> aligned = new ArrayList<>();
        for (int i = 0; i < row.urls().size(); i++) {
          aligned.add(i < outputs.size() && outputs.get(i) != null ? outputs.get(i) : "");
        }
        printer.printRecord(
            row.serial(), row.product(), String.join(",", row.urls()), String.join(",", aligned));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }

  private static Map<String, Integer> header(CSVRecord record, List<Problem> problems) {
    Map<String, Integer> columns = new HashMap<>();
    for (int i = 0; i < record.size(); i++) {
      String known = HEADERS.get(normalised(record.get(i)));
      if (known != null) {
        columns.putIfAbsent(known, i);
      }
    }
    boolean complete = true;
    for (String required : List.of(SERIAL, PRODUCT, URLS)) {
      if (!columns.containsKey(required)) {
        problems.add(new Problem(1, required, "the column " + required + " is missing"));
        complete = false;
      }
    }
    return complete ? columns : null;
  }

  private static Row row(
      CSVRecord record,
      int line,
      Map<String, Integer> columns,
      ImportLimits limits,
      List<Problem> problems) {
    String serial = field(record, columns.get(SERIAL));
    String product = field(record, columns.get(PRODUCT));
    int urlColumn = columns.get(URLS);
    List<String> written = new ArrayList<>();
    // the quoted form holds every URL in one field; the unquoted one spreads them over the rest
    for (int i = urlColumn; i < record.size(); i++) {
      if (i != urlColumn && columns.containsValue(i)) {
        continue;
      }
      for (String url : record.get(i).split(",")) {
        if (!url.isBlank()) {
          written.add(url.strip());
        }
      }
    }
    boolean ok = true;
    if (serial.isEmpty()) {
      problems.add(new Problem(line, SERIAL, "no serial number"));
      ok = false;
    }
    if (written.isEmpty()) {
      problems.add(new Problem(line, URLS, "no image URL"));
      ok = false;
    }
    if (serial.length() > MAX_FIELD_CHARS || product.length() > MAX_FIELD_CHARS) {
      problems.add(
          new Problem(
              line,
              serial.length() > MAX_FIELD_CHARS ? SERIAL : PRODUCT,
              "longer than " + MAX_FIELD_CHARS + " characters"));
      ok = false;
    }
    for (String url : written) {
      if (url.length() > MAX_URL_CHARS) {
        problems.add(new Problem(line, URLS, "a URL longer than " + MAX_URL_CHARS + " characters"));
        ok = false;
        break;
      }
    }
    if (written.size() > limits.maxUrlsPerRow()) {
      problems.add(
          new Problem(
              line, URLS, written.size() + " URLs; a row takes at most " + limits.maxUrlsPerRow()));
      ok = false;
    }
    return ok ? new Row(line, serial, product, List.copyOf(written)) : null;
  }

  private static String field(CSVRecord record, int column) {
    return column < record.size() ? record.get(column).strip() : "";
  }

  private static String normalised(String header) {
    return header.replace("\uFEFF", "").toLowerCase(Locale.ROOT).replaceAll("[\\s._-]", "");
  }

  /** Strict UTF-8 (a BOM is dropped): a binary file is refused, not read as garbage. */
  private static Reader utf8(InputStream in) {
    return new InputStreamReader(
        in,
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT));
  }

  private static String reason(Exception e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof CharacterCodingException) {
        return "it is not UTF-8 text";
      }
    }
    String message = e.getMessage() == null ? e.toString() : e.getMessage();
    return message.length() > 200 ? message.substring(0, 200) : message;
  }
}
