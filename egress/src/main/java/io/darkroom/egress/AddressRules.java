package io.darkroom.egress;

import java.math.BigInteger;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Optional;

/**
 * Which addresses a user's URL may reach: the public internet only. Each range is named with the
 * reason a refusal gives. IPv6 forms that carry an IPv4 address (mapped, compatible, NAT64, 6to4,
 * Teredo) are refused outright: whatever they embed, they are a way around the IPv4 rules, and no
 * webhook receiver needs one.
 */
public final class AddressRules {
  private record Range(Cidr cidr, String reason) {}

  private static final List<Range> REFUSED =
      List.of(
          range("0.0.0.0/8", "a 'this network' address"),
          range("10.0.0.0/8", "a private address"),
          range("100.64.0.0/10", "a carrier-grade NAT address (cloud metadata lives here too)"),
          range("127.0.0.0/8", "a loopback address"),
          range("169.254.0.0/16", "a link-local address (cloud metadata)"),
          range("172.16.0.0/12", "a private address"),
          range("192.0.0.0/24", "a reserved address"),
          range("192.0.2.0/24", "a documentation address"),
          range("192.88.99.0/24", "a reserved address"),
          range("192.168.0.0/16", "a private address"),
          range("198.18.0.0/15", "a benchmarking address"),
          range("198.51.100.0/24", "a documentation address"),
          range("203.0.113.0/24", "a documentation address"),
          range("224.0.0.0/4", "a multicast address"),
          range("240.0.0.0/4", "a reserved address"),
          range("::/128", "the unspecified address"),
          range("::1/128", "a loopback address"),
          range("::ffff:0:0/96", "an IPv6 address embedding an IPv4 one"),
          range("::/96", "an IPv6 address embedding an IPv4 one"),
          range("64:ff9b::/96", "a NAT64 address embedding an IPv4 one"),
          range("64:ff9b:1::/48", "a NAT64 address"),
          range("100::/64", "a discard address"),
          range("2001::/32", "a Teredo address embedding an IPv4 one"),
          range("2001:db8::/32", "a documentation address"),
          range("2002::/16", "a 6to4 address embedding an IPv4 one"),
          range("fc00::/7", "a private (unique local) address (cloud metadata lives here too)"),
          range("fe80::/10", "a link-local address"),
          range("fec0::/10", "a site-local address"),
          range("ff00::/8", "a multicast address"));

  private final List<Cidr> allowed;

  /**
   * @param allowed ranges a test or a local run may reach despite the rules; empty in production
   */
  public AddressRules(List<String> allowed) {
    this.allowed = allowed.stream().map(Cidr::parse).toList();
  }

  /** Why {@code address} may not be reached, or empty when it may. */
  public Optional<String> refusal(InetAddress address) {
    for (Cidr cidr : allowed) {
      if (cidr.contains(address)) {
        return Optional.empty();
      }
    }
    for (Range range : REFUSED) {
      if (range.cidr().contains(address)) {
        return Optional.of(range.reason());
      }
    }
    return Optional.empty();
  }

  private static Range range(String cidr, String reason) {
    return new Range(Cidr.parse(cidr), reason);
  }

  /** An address range; IPv4 and IPv6 never contain each other's addresses. */
  record Cidr(byte[] network, int prefix) {
    static Cidr parse(String text) {
      int slash = text == null ? -1 : text.indexOf('/');
      if (slash < 0) {
        throw new IllegalArgumentException("not a CIDR range: " + text);
      }
      String literal = text.substring(0, slash).strip();
      if (!literal.contains(":") && HostNames.ipv4Literal(literal).isEmpty()) {
        // a name would be looked up here: only address literals make a range
        throw new IllegalArgumentException("not a CIDR range: " + text);
      }
      byte[] address;
      int prefix;
      try {
        address = InetAddress.getByName(literal).getAddress();
        prefix = Integer.parseInt(text.substring(slash + 1).strip());
      } catch (UnknownHostException | RuntimeException e) {
        throw new IllegalArgumentException("not a CIDR range: " + text, e);
      }
      if (prefix < 0 || prefix > (literal.contains(":") ? 128 : 32)) {
        throw new IllegalArgumentException("not a CIDR range: " + text);
      }
      return new Cidr(address, prefix);
    }

    boolean contains(InetAddress address) {
      byte[] bytes = bytesOf(address);
      if (bytes.length != network.length) {
        return false;
      }
      BigInteger mask =
          BigInteger.ONE
              .shiftLeft(bytes.length * 8)
              .subtract(BigInteger.ONE)
              .shiftRight(prefix)
              .not()
              .and(BigInteger.ONE.shiftLeft(bytes.length * 8).subtract(BigInteger.ONE));
      return new BigInteger(1, bytes).and(mask).equals(new BigInteger(1, network).and(mask));
    }

    /**
     * Java turns {@code ::ffff:a.b.c.d} into an {@link Inet4Address}; a v6 literal is kept as 16
     * bytes so the v6 rules see it.
     */
    private static byte[] bytesOf(InetAddress address) {
      if (address instanceof Inet6Address || address instanceof Inet4Address) {
        return address.getAddress();
      }
      throw new IllegalArgumentException("unknown address type " + address);
    }
  }
}
