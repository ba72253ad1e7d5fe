package io.darkroom.api.error;

import jakarta.validation.ElementKind;
import jakarta.validation.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A field's name as the client sent it ({@code filename}, {@code renditions[0].width}, {@code
 * limit}), from the path a validator or the framework reports, which starts with the Java method
 * and, for a body, its parameter ({@code process.request.renditions[0].name}).
 */
public final class FieldPaths {
  private FieldPaths() {}

  /** A constraint violation's path: method and body parameter nodes dropped. */
  public static String of(Path path) {
    List<Path.Node> nodes = new ArrayList<>();
    path.forEach(nodes::add);
    StringBuilder field = new StringBuilder();
    for (int i = 0; i < nodes.size(); i++) {
      Path.Node node = nodes.get(i);
      boolean last = i == nodes.size() - 1;
      if (node.getKind() == ElementKind.METHOD || node.getKind() == ElementKind.CONSTRUCTOR) {
        continue;
      }
      if (node.getKind() == ElementKind.PARAMETER && !last) {
        continue; // a request body: its fields are what the client sees
      }
      if (node.isInIterable() && node.getIndex() != null) {
        field.append('[').append(node.getIndex()).append(']');
      }
      String name = node.getName();
      if (name != null && !name.startsWith("<")) {
        if (field.length() > 0) {
          field.append('.');
        }
        field.append(name);
      }
    }
    return field.length() == 0 ? path.toString() : field.toString();
  }

  /**
   * A path the framework reports as text ({@code list.limit}, {@code process.request.uuid}): the
   * method and, when a field follows, the body parameter dropped.
   */
  public static String of(String path) {
    String[] segments = (path.startsWith("/") ? path.substring(1) : path).split("[./]");
    int drop = segments.length > 2 ? 2 : Math.min(1, segments.length - 1);
    return String.join(".", Arrays.copyOfRange(segments, drop, segments.length));
  }

  /** A field inside an element of a list the client sent: {@code renditions[2].width}. */
  public static String element(String list, int index, String field) {
    return list + "[" + index + "]" + (field.isEmpty() ? "" : "." + field);
  }
}
