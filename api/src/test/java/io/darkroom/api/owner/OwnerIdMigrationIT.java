package io.darkroom.api.owner;

import static org.assertj.core.api.Assertions.assertThat;

import io.darkroom.schema.ObjectKeys;
import io.darkroom.stack.EmbeddedStack;
import io.micronaut.context.ApplicationContext;
import io.micronaut.flyway.FlywayConfigurationProperties;
import io.micronaut.inject.qualifiers.Qualifiers;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.junit.jupiter.api.Test;

/**
 * V8 and V9 against rows stored by the schema before them, each in a database of its own on the
 * embedded PostgreSQL: owner ids become the encoding {@link OwnerIds} makes, and keys stay where
 * the objects are.
 */
class OwnerIdMigrationIT {
  private static final EmbeddedStack STACK = EmbeddedStack.shared();

  @Test
  void shouldSplitStoredIdsAtTheFirstSlashWhenTheDeploymentHasATenantClaim() throws Exception {
    String url = freshDatabaseAtV7();
    Map<String, UUID> images = new LinkedHashMap<>();
    for (String owner : new String[] {"acme/alice", "acme/https://idp/users/7", "a%b/c%d", "x"}) {
      images.put(owner, insertImage(url, owner, "succeeded"));
    }
    UUID collection = insertCollection(url, "acme/https://idp/users/7");

    migrate(url, "tenant");

    assertThat(ownerOf(url, images.get("acme/alice"))).isEqualTo(OwnerIds.of("acme", "alice"));
    assertThat(ownerOf(url, images.get("acme/https://idp/users/7")))
        .isEqualTo(OwnerIds.of("acme", "https://idp/users/7"))
        .isEqualTo("acme/https:%2F%2Fidp%2Fusers%2F7");
    assertThat(ownerOf(url, images.get("a%b/c%d"))).isEqualTo(OwnerIds.of("a%b", "c%d"));
    assertThat(ownerOf(url, images.get("x"))).isEqualTo(OwnerIds.of(null, "x"));
    assertThat(query(url, "SELECT owner_id FROM collections WHERE id = '" + collection + "'"))
        .isEqualTo(OwnerIds.of("acme", "https://idp/users/7"));
  }

  @Test
  void shouldEncodeWholeStoredIdsWhenTheDeploymentHasNoTenantClaim() throws Exception {
    String url = freshDatabaseAtV7();
    UUID slashed = insertImage(url, "https://idp/users/7", "succeeded");
    UUID plain = insertImage(url, "auth0|5f7c", "succeeded");

    migrate(url, "");

    assertThat(ownerOf(url, slashed)).isEqualTo(OwnerIds.of(null, "https://idp/users/7"));
    assertThat(ownerOf(url, plain)).isEqualTo("auth0|5f7c");
  }

  @Test
  void shouldKeepEveryImagesKeysWhereItsObjectsAre() throws Exception {
    String url = freshDatabaseAtV7();
    UUID processed = insertImage(url, "acme/https://idp/users/7", "succeeded");
    UUID waiting = insertImage(url, "acme/https://idp/users/7", "awaiting_upload");
    String oldPrefix = ObjectKeys.imagePrefix("acme/https://idp/users/7", processed);

    migrate(url, "tenant");

    assertThat(query(url, "SELECT original_key FROM images WHERE id = '" + processed + "'"))
        .isEqualTo(oldPrefix + "original");
    assertThat(query(url, "SELECT upload_key FROM images WHERE id = '" + processed + "'")).isNull();
    // a URL issued before V9 writes original_key: the image keeps taking its upload there
    assertThat(query(url, "SELECT upload_key FROM images WHERE id = '" + waiting + "'"))
        .isEqualTo(ObjectKeys.original("acme/https://idp/users/7", waiting));
  }

  @Test
  void shouldHandTheConfiguredTenantClaimToTheMigration() {
    Map<String, Object> props = new HashMap<>(STACK.applicationProperties());
    props.put("darkroom.auth.enabled", "false");
    props.put("darkroom.auth.tenant-claim", "org_id");
    props.put("micronaut.server.port", "-1");
    try (ApplicationContext context = ApplicationContext.run(props)) {
      FlywayConfigurationProperties flyway =
          context.getBean(FlywayConfigurationProperties.class, Qualifiers.byName("default"));
      assertThat(flyway.getFluentConfiguration().getPlaceholders())
          .containsEntry("tenantclaim", "org_id");
    }
  }

  private static String freshDatabaseAtV7() throws SQLException {
    String name = "migration_" + UUID.randomUUID().toString().replace("-", "");
    try (Connection c = connect(STACK.jdbcUrl());
        Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE " + name);
    }
    String url = STACK.jdbcUrl().replaceFirst("/[^/?]+(\\?|$)", "/" + name + "$1");
    flyway(url, "").target("7").load().migrate();
    return url;
  }

  private static void migrate(String url, String tenantClaim) {
    flyway(url, tenantClaim).load().migrate();
  }

  private static FluentConfiguration flyway(String url, String tenantClaim) {
    return Flyway.configure()
        .dataSource(url, STACK.jdbcUser(), STACK.jdbcPassword())
        .locations("classpath:db/migration")
        .placeholders(Map.of("tenantclaim", tenantClaim));
  }

  private static UUID insertImage(String url, String owner, String status) throws SQLException {
    UUID id = UUID.randomUUID();
    try (Connection c = connect(url);
        PreparedStatement s =
            c.prepareStatement(
                "INSERT INTO images (id, owner_id, filename, status, original_key, rendition_specs,"
                    + " created_at, updated_at) VALUES (?, ?, 'a.jpg', ?, ?, '[]', now(), now())")) {
      s.setObject(1, id);
      s.setString(2, owner);
      s.setString(3, status);
      s.setString(4, ObjectKeys.original(owner, id));
      s.executeUpdate();
    }
    return id;
  }

  private static UUID insertCollection(String url, String owner) throws SQLException {
    UUID id = UUID.randomUUID();
    try (Connection c = connect(url);
        PreparedStatement s =
            c.prepareStatement(
                "INSERT INTO collections (id, owner_id, name, created_at, updated_at)"
                    + " VALUES (?, ?, 'Holidays', now(), now())")) {
      s.setObject(1, id);
      s.setString(2, owner);
      s.executeUpdate();
    }
    return id;
  }

  private static String ownerOf(String url, UUID image) throws SQLException {
    return query(url, "SELECT owner_id FROM images WHERE id = '" + image + "'");
  }

  private static String query(String url, String sql) throws SQLException {
    try (Connection c = connect(url);
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      assertThat(rs.next()).as(sql).isTrue();
      return rs.getString(1);
    }
  }

  private static Connection connect(String url) throws SQLException {
    return DriverManager.getConnection(url, STACK.jdbcUser(), STACK.jdbcPassword());
  }
}
