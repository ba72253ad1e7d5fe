package io.darkroom.api.support;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.json.tree.JsonNode;
import io.micronaut.serde.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;

/** Asserts the exact problem+json wire format of an error response. */
public final class Problems {
  private Problems() {}

  public static JsonNode assertProblem(
      ObjectMapper json, HttpResponse<String> response, int status, String typeSlug) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    assertThat(response.headers().firstValue("Content-Type")).contains("application/problem+json");
    JsonNode problem;
    try {
      problem = json.readValue(response.body(), JsonNode.class);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    assertThat(problem.get("type").getStringValue())
        .as(response.body())
        .isEqualTo("https://darkroom.dev/problems/" + typeSlug);
    assertThat(problem.get("status").getIntValue()).isEqualTo(status);
    assertThat(problem.get("title").getStringValue()).isNotBlank();
    assertThat(problem.get("detail").getStringValue()).isNotBlank();
    return problem;
  }

  /** The field names of a validation problem's errors. */
  public static List<String> fields(JsonNode problem) {
    List<String> fields = new ArrayList<>();
    for (JsonNode error : problem.get("errors").values()) {
      fields.add(error.get("field").getStringValue());
      assertThat(error.get("message").getStringValue()).isNotBlank();
    }
    return fields;
  }
}
