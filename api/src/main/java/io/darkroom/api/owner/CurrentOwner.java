package io.darkroom.api.owner;

import io.darkroom.api.error.ApiException;
import io.darkroom.api.error.ProblemType;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.security.authentication.Authentication;
import jakarta.inject.Singleton;
import java.security.Principal;

/**
 * Decides whose data a request sees. Every image and collection query is scoped by this id, so
 * another owner's ids simply do not exist for the caller (404, never 403).
 */
@Singleton
public class CurrentOwner {
  private final OwnerConfiguration owners;
  private final AuthConfiguration auth;

  CurrentOwner(OwnerConfiguration owners, AuthConfiguration auth) {
    this.owners = owners;
    this.auth = auth;
  }

  public String of(@Nullable Principal principal) {
    if (!auth.enabled()) {
      return owners.anonymousOwner();
    }
    if (!(principal instanceof Authentication authentication)) {
      throw new ApiException(ProblemType.UNAUTHORIZED, "A bearer token is required.");
    }
    String subject = claim(authentication, auth.ownerClaim());
    String tenantClaim = auth.tenantClaim();
    if (tenantClaim == null || tenantClaim.isBlank()) {
      return OwnerIds.of(null, subject);
    }
    return OwnerIds.of(claim(authentication, tenantClaim), subject);
  }

  /**
   * Whether the caller may see every owner's figures and the pipeline's internals: the single owner
   * of a run without auth, or a token with the admin role.
   */
  public boolean isAdmin(@Nullable Principal principal) {
    if (!auth.enabled()) {
      return true;
    }
    return principal instanceof Authentication authentication
        && authentication.getRoles().contains(auth.adminRole());
  }

  private static String claim(Authentication authentication, String name) {
    Object value =
        "sub".equals(name) ? authentication.getName() : authentication.getAttributes().get(name);
    if (value == null || value.toString().isBlank()) {
      throw new ApiException(ProblemType.UNAUTHORIZED, "The token has no " + name + " claim.");
    }
    return value.toString();
  }
}
