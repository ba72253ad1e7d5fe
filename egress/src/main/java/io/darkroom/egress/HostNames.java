package io.darkroom.egress;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Optional;

/**
 * IPv4 literals as resolvers read them (inet_aton): {@code 127.1}, {@code 2130706433}, {@code
 * 0x7f000001}, {@code 0177.0.0.1}. A URL's host in any of these forms names an address, not a name,
 * whatever a URL parser makes of it; the guard checks the address.
 */
final class HostNames {
  private HostNames() {}

  static Optional<InetAddress> ipv4Literal(String host) {
    String[] parts = host.split("\\.", -1);
    if (parts.length == 0 || parts.length > 4) {
      return Optional.empty();
    }
    long[] values = new long[parts.length];
    for (int i = 0; i < parts.length; i++) {
      Long value = number(parts[i]);
      if (value == null) {
        return Optional.empty();
      }
      values[i] = value;
    }
    long address = 0;
    int last = parts.length - 1;
    for (int i = 0; i < last; i++) {
      if (values[i] > 0xff) {
        return Optional.empty();
      }
      address |= values[i] << (24 - 8 * i);
    }
    long lastMax = (1L << (8 * (4 - last))) - 1;
    if (values[last] > lastMax) {
      return Optional.empty();
    }
    address |= values[last];
    byte[] bytes = {
      (byte) (address >>> 24), (byte) (address >>> 16), (byte) (address >>> 8), (byte) address
    };
    try {
      return Optional.of(InetAddress.getByAddress(host, bytes));
    } catch (UnknownHostException e) {
      return Optional.empty();
    }
  }

  /** A decimal, octal (leading 0) or hexadecimal (0x) part; null if it is not a number. */
  private static Long number(String part) {
    try {
      if (part.isEmpty() || !part.matches("[0-9a-fA-FxX]+")) {
        return null;
      }
      String lower = part.toLowerCase(Locale.ROOT);
      if (lower.startsWith("0x")) {
        return lower.length() == 2 ? 0L : Long.parseLong(lower.substring(2), 16);
      }
      if (lower.length() > 1 && lower.startsWith("0")) {
        return Long.parseLong(lower.substring(1), 8);
      }
      return Long.parseLong(lower, 10);
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
