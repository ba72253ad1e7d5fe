package io.darkroom.api.owner;

import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;
import java.security.Principal;

/** Decides whose data a request sees. Every image and collection query is scoped by this id. */
@Singleton
public class CurrentOwner {
  private final OwnerConfiguration config;

  CurrentOwner(OwnerConfiguration config) {
    this.config = config;
  }

  public String of(@Nullable Principal principal) {
    return principal == null ? config.anonymousOwner() : principal.getName();
  }
}
