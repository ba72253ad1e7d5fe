package io.darkroom.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.RepeatedTest;

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
}
