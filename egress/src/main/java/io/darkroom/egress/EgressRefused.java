package io.darkroom.egress;

import java.io.IOException;

/**
 * A request the guard would not make, or stopped: the message says why in words fit for the user
 * who gave the URL (it names the rule, never an internal address they did not write).
 */
public final class EgressRefused extends IOException {
  /** Which rule stopped it, for callers that report a code. */
  public enum Reason {
    /** Not an http(s) URL with a host, or one carrying a user name or password. */
    INVALID_URL,
    /** The host, or an address it resolves to, is in a refused range. */
    FORBIDDEN_ADDRESS,
    /** The host name does not resolve. */
    DNS_FAILED,
    /** More redirects than the policy follows, or one without a usable Location. */
    TOO_MANY_REDIRECTS,
    /** The body is longer than the policy reads. */
    TOO_LARGE
  }

  private final Reason reason;

  public EgressRefused(Reason reason, String message) {
    super(message);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }
}
