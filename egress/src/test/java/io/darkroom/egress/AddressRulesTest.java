package io.darkroom.egress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The allow-list a test or a local run configures: address literals with a prefix, or nothing. */
class AddressRulesTest {
  @ParameterizedTest
  @ValueSource(
      strings = {"127.0.0.1/33", "127.0.0.1", "localhost/32", "10.0.0.0/-1", "::1/129", "/8", ""})
  void shouldRefuseARangeThatIsNotCidrAtConstruction(String range) {
    assertThatThrownBy(() -> new AddressRules(List.of(range)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("not a CIDR range");
  }

  @ParameterizedTest
  @ValueSource(strings = {"127.0.0.1/32", "127.0.0.0/8", "::1/128"})
  void shouldLetAnAllowedRangeThroughTheRules(String range) throws Exception {
    AddressRules rules = new AddressRules(List.of(range));
    InetAddress loopback = InetAddress.getByName(range.contains(":") ? "::1" : "127.0.0.1");

    assertThat(rules.refusal(loopback)).isEmpty();
    assertThat(new AddressRules(List.of()).refusal(loopback)).contains("a loopback address");
  }
}
