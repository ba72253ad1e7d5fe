package io.darkroom.egress;

import java.io.IOException;

/**
 * A request the guard would not make, or stopped: the message says why in words fit for the user
 * who gave the URL (it names the rule, never an internal address they did not write).
 */
public final class EgressRefused extends IOException {
  public EgressRefused(String reason) {
    super(reason);
  }
}
