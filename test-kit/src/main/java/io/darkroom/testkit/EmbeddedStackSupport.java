package io.darkroom.testkit;

import io.darkroom.stack.EmbeddedStack;
import io.micronaut.test.support.TestPropertyProvider;
import java.util.HashMap;
import java.util.Map;

/**
 * Points a {@code @MicronautTest} at the JVM's shared embedded stack. Test classes that need other
 * settings override {@link #extraProperties()}.
 */
public interface EmbeddedStackSupport extends TestPropertyProvider {
  @Override
  default Map<String, String> getProperties() {
    var props = new HashMap<>(EmbeddedStack.shared().applicationProperties());
    // any free port: a local run (or another build) may hold the default one
    props.put("micronaut.server.port", "-1");
    // each test class closes its context; waiting out a grace period there only slows the build
    props.put("micronaut.lifecycle.graceful-shutdown.enabled", "false");
    // Auth is on by default; tests of everything else run as the local run does, off, with health
    // details for everyone. AuthIT and JwksAuthIT turn it on.
    props.put("darkroom.auth.enabled", "false");
    props.put("endpoints.health.details-visible", "ANONYMOUS");
    props.putAll(extraProperties());
    return props;
  }

  default Map<String, String> extraProperties() {
    return Map.of();
  }

  default EmbeddedStack stack() {
    return EmbeddedStack.shared();
  }
}
