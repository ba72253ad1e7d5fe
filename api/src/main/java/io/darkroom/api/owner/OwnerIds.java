package io.darkroom.api.owner;

import io.micronaut.core.annotation.Nullable;

/**
 * The owner id of a (tenant, subject) pair, one to one: each part has its {@code %} and {@code /}
 * percent-encoded, and a tenant is joined to its subject by the only unencoded {@code /}. So tenant
 * {@code a/b} with subject {@code c} ({@code a%2Fb/c}) and tenant {@code a} with subject {@code
 * b/c} ({@code a/b%2Fc}) are two owners, and an id without a tenant never has a {@code /}. The
 * common case, parts without either character, reads as it always did: {@code acme/alice}.
 *
 * <p>Flyway's {@code V8__encode_owner_ids.sql} applies the same encoding to the ids stored before.
 */
public final class OwnerIds {
  private OwnerIds() {}

  public static String of(@Nullable String tenant, String subject) {
    if (subject == null || subject.isEmpty()) {
      throw new IllegalArgumentException("a subject is required");
    }
    if (tenant == null) {
      return encode(subject);
    }
    if (tenant.isEmpty()) {
      throw new IllegalArgumentException("a tenant, when there is one, is not empty");
    }
    return encode(tenant) + "/" + encode(subject);
  }

  private static String encode(String part) {
    return part.replace("%", "%25").replace("/", "%2F");
  }
}
