package io.darkroom.api.rendition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.darkroom.api.error.ApiException;
import io.darkroom.api.error.Problem;
import io.darkroom.schema.Fit;
import io.darkroom.schema.OutputFormat;
import io.darkroom.schema.RenditionSpec;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The rules no single field's constraint can state; bean validation is the JSON bodies' own. */
class RenditionRequestsTest {
  private final RenditionRequests requests =
      new RenditionRequests(new RenditionConfiguration(3), null, null);

  @Test
  void shouldMeanThePresetsWhenNoneAreAskedFor() {
    assertThat(requests.toSpecs(null)).isNull();
  }

  @Test
  void shouldKeepEveryOptionOfARequestInItsSpec() {
    List<RenditionSpec> specs =
        requests.toSpecs(
            List.of(new RenditionRequest("card", 600, 400, Fit.COVER, OutputFormat.WEBP, 80)));

    assertThat(specs)
        .containsExactly(new RenditionSpec("card", 600, 400, Fit.COVER, OutputFormat.WEBP, 80));
  }

  @Test
  void shouldRefuseAnEmptyListAndMoreThanTheConfiguredCount() {
    assertThat(fields(() -> requests.toSpecs(List.of()))).containsExactly("renditions");
    List<RenditionRequest> four =
        List.of(width("a", 1), width("b", 2), width("c", 3), width("d", 4));
    ApiException tooMany = refusal(() -> requests.toSpecs(four));
    assertThat(tooMany.errors().get(0).message()).isEqualTo("must hold 1 to 3 renditions");
  }

  @Test
  void shouldReportEveryBrokenRuleAtOnceWithItsElement() {
    List<RenditionRequest> broken =
        Arrays.asList(
            new RenditionRequest("a", null, null, null, null, null),
            null,
            new RenditionRequest("a", 8192, 8192, null, null, null));

    assertThat(fields(() -> requests.toSpecs(broken)))
        .containsExactly("renditions[0]", "renditions[1]", "renditions[2]", "renditions[2].name");
  }

  @Test
  void shouldNameTheConfiguredListWhenAPresetBreaksARule() {
    assertThat(
            fields(
                () ->
                    requests.toSpecs(
                        "darkroom.renditions.presets",
                        Collections.singletonList(width("a", null)))))
        .containsExactly("darkroom.renditions.presets[0]");
  }

  private static RenditionRequest width(String name, Integer width) {
    return new RenditionRequest(name, width, null, null, null, null);
  }

  private static List<String> fields(Runnable call) {
    return refusal(call).errors().stream().map(Problem.FieldError::field).toList();
  }

  private static ApiException refusal(Runnable call) {
    ApiException refused = catchThrowableOfType(call::run, ApiException.class);
    assertThat(refused).isNotNull();
    return refused;
  }
}
