package io.darkroom.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

class PortsTest {
  /** Never from the ephemeral range, where an outgoing connection could take it before we bind. */
  @RepeatedTest(20)
  void shouldHandOutABindablePortBelowTheEphemeralRange() throws Exception {
    int port = Ports.freeOr(0);

    assertThat(port).isBetween(Ports.FIRST, Ports.END - 1);
    try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
      assertThat(socket.getLocalPort()).isEqualTo(port);
    }
  }

  @Test
  void shouldClaimDistinctPortsForTheServicesOfOneStack() {
    List<Integer> taken = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      int port = Ports.claim("service " + i, 0, taken);
      assertThat(port).isBetween(Ports.FIRST, Ports.END - 1).isNotIn(taken);
      taken.add(port);
    }
  }

  @Test
  void shouldRefuseARequestedPortThatIsTakenNamingTheService() throws Exception {
    try (ServerSocket held = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      int port = held.getLocalPort();
      assertThatThrownBy(() -> Ports.claim("PostgreSQL", port, List.of()))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("PostgreSQL port " + port + " is already in use");
    }
  }
}
