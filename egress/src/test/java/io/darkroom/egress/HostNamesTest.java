package io.darkroom.egress;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

class HostNamesTest {
  @Test
  void shouldReadEveryIpv4FormAResolverAccepts() {
    for (String form :
        List.of(
            "127.0.0.1", "127.1", "127.0.1", "2130706433", "0x7f000001", "0177.0.0.1", "0x7f.1")) {
      assertThat(HostNames.ipv4Literal(form))
          .as(form)
          .get()
          .extracting(InetAddress::getHostAddress)
          .isEqualTo("127.0.0.1");
    }
  }

  @Test
  void shouldTakeNamesAndOutOfRangeNumbersForNames() {
    for (String name : List.of("example.com", "256.1.1.1", "1.2.3.4.5", "-1", "1e3", "")) {
      assertThat(HostNames.ipv4Literal(name)).as(name).isEmpty();
    }
  }

  @Test
  void shouldLetAPublicAddressThrough() throws Exception {
    EgressGuard guard =
        new EgressGuard(
            EgressPolicy.webhooks(List.of()),
            host ->
                List.of(
                    InetAddress.getByAddress(host, new byte[] {93, (byte) 184, (byte) 215, 14})));

    assertThat(guard.check("https://hooks.example.com/in").host()).isEqualTo("hooks.example.com");
  }
}
