package io.darkroom.api.owner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class OwnerIdsTest {

  @Test
  void shouldKeepTenantsAndSubjectsThatShareASlashApart() {
    assertThat(OwnerIds.of("a/b", "c")).isEqualTo("a%2Fb/c");
    assertThat(OwnerIds.of("a", "b/c")).isEqualTo("a/b%2Fc");
    assertThat(OwnerIds.of("a/b", "c")).isNotEqualTo(OwnerIds.of("a", "b/c"));
  }

  @Test
  void shouldNeverGiveAnIdWithoutATenantTheShapeOfOneWithATenant() {
    assertThat(OwnerIds.of(null, "acme/alice")).isEqualTo("acme%2Falice");
    assertThat(OwnerIds.of(null, "acme/alice")).isNotEqualTo(OwnerIds.of("acme", "alice"));
  }

  @Test
  void shouldEncodeThePercentSignSoEncodedAndRawPartsNeverMeet() {
    assertThat(OwnerIds.of(null, "a%2Fb")).isEqualTo("a%252Fb");
    assertThat(OwnerIds.of(null, "a%2Fb")).isNotEqualTo(OwnerIds.of(null, "a/b"));
  }

  @Test
  void shouldLeaveTheCommonCaseAsItReads() {
    assertThat(OwnerIds.of("acme", "auth0|5f7c")).isEqualTo("acme/auth0|5f7c");
    assertThat(OwnerIds.of(null, "user-42")).isEqualTo("user-42");
  }

  @Test
  void shouldRefuseAnEmptySubjectOrTenant() {
    assertThatThrownBy(() -> OwnerIds.of(null, "")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> OwnerIds.of("", "alice")).isInstanceOf(IllegalArgumentException.class);
  }
}
