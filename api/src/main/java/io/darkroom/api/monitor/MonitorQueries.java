package io.darkroom.api.monitor;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.transaction.annotation.ReadOnly;
import jakarta.inject.Singleton;
import java.sql.Array;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/**
 * The monitor's aggregates over {@code images}: read only, never a write. {@code ownerId} null
 * means every owner's images (an admin's view); {@code viewer} is whose failed images may be
 * linked.
 */
@Singleton
@ReadOnly
class MonitorQueries {
  /** A stage as operators name it, and its field in the stored ImageProcessed.Timings. */
  record StageTiming(String stage, String field) {}

  static final List<StageTiming> STAGES =
      List.of(
          new StageTiming("download", "readMs"),
          new StageTiming("decode", "decodeMs"),
          new StageTiming("resize", "resizeMs"),
          new StageTiming("encode", "encodeMs"),
          new StageTiming("store", "writeMs"),
          new StageTiming("total", "totalMs"));

  private static final String OWNER = "(CAST(? AS text) IS NULL OR owner_id = ?)";

  private final JdbcOperations jdbc;

  MonitorQueries(JdbcOperations jdbc) {
    this.jdbc = jdbc;
  }

  record Outcomes(Instant minute, String status, long count) {}

  List<Outcomes> outcomesPerMinute(@Nullable String ownerId, Instant since) {
    return query(
        "SELECT date_trunc('minute', completed_at) AS minute, status, count(*) AS n FROM images"
            + " WHERE completed_at >= ? AND status IN ('succeeded', 'failed') AND "
            + OWNER
            + " GROUP BY 1, 2",
        ps -> {
          ps.setTimestamp(1, Timestamp.from(since));
          owner(ps, 2, ownerId);
        },
        rs ->
            new Outcomes(
                rs.getTimestamp("minute").toInstant(), rs.getString("status"), rs.getLong("n")));
  }

  MonitorView.Backlog backlog(@Nullable String ownerId, Instant now) {
    List<long[]> rows =
        query(
            "SELECT status, count(*) AS n,"
                + " min(COALESCE(processing_requested_at, created_at)) AS oldest FROM images"
                + " WHERE status IN ('pending', 'processing') AND "
                + OWNER
                + " GROUP BY status",
            ps -> owner(ps, 1, ownerId),
            rs ->
                new long[] {
                  "pending".equals(rs.getString("status")) ? 0 : 1,
                  rs.getLong("n"),
                  rs.getTimestamp("oldest") == null
                      ? Long.MAX_VALUE
                      : rs.getTimestamp("oldest").toInstant().toEpochMilli()
                });
    long pending = 0;
    long processing = 0;
    long oldest = Long.MAX_VALUE;
    for (long[] row : rows) {
      if (row[0] == 0) {
        pending = row[1];
      } else {
        processing = row[1];
      }
      oldest = Math.min(oldest, row[2]);
    }
    Long age = oldest == Long.MAX_VALUE ? null : Math.max(0, (now.toEpochMilli() - oldest) / 1000);
    return new MonitorView.Backlog(pending, processing, age);
  }

  List<MonitorView.Failures> failures(@Nullable String ownerId, String viewer, Instant since) {
    return query(
        "SELECT failure_code, count(*) AS n,"
            + " (array_agg(id ORDER BY completed_at DESC) FILTER (WHERE owner_id = ?))[1:5] AS recent"
            + " FROM images WHERE status = 'failed' AND completed_at >= ? AND "
            + OWNER
            + " GROUP BY failure_code ORDER BY n DESC, failure_code",
        ps -> {
          ps.setString(1, viewer);
          ps.setTimestamp(2, Timestamp.from(since));
          owner(ps, 3, ownerId);
        },
        rs ->
            new MonitorView.Failures(
                rs.getString("failure_code"), rs.getLong("n"), uuids(rs.getArray("recent"))));
  }

  List<MonitorView.Stage> stages(@Nullable String ownerId, Instant since) {
    StringBuilder sql = new StringBuilder("SELECT count(*) AS n");
    for (StageTiming stage : STAGES) {
      String value = "(timings->>'" + stage.field() + "')::float8";
      sql.append(", percentile_cont(0.5) WITHIN GROUP (ORDER BY ")
          .append(value)
          .append(") AS p50_")
          .append(stage.stage())
          .append(", percentile_cont(0.95) WITHIN GROUP (ORDER BY ")
          .append(value)
          .append(") AS p95_")
          .append(stage.stage());
    }
    sql.append(
        " FROM images WHERE status = 'succeeded' AND completed_at >= ? AND timings IS NOT NULL"
            + " AND "
            + OWNER);
    List<List<MonitorView.Stage>> result =
        query(
            sql.toString(),
            ps -> {
              ps.setTimestamp(1, Timestamp.from(since));
              owner(ps, 2, ownerId);
            },
            rs -> {
              long n = rs.getLong("n");
              List<MonitorView.Stage> stages = new ArrayList<>();
              for (StageTiming stage : STAGES) {
                stages.add(
                    new MonitorView.Stage(
                        stage.stage(),
                        n,
                        number(rs, "p50_" + stage.stage()),
                        number(rs, "p95_" + stage.stage())));
              }
              return stages;
            });
    return result.isEmpty() ? List.of() : result.get(0);
  }

  private static @Nullable Double number(ResultSet rs, String column) throws SQLException {
    double value = rs.getDouble(column);
    return rs.wasNull() ? null : Math.round(value * 10) / 10.0;
  }

  private static List<UUID> uuids(@Nullable Array array) throws SQLException {
    if (array == null) {
      return List.of();
    }
    return Arrays.stream((Object[]) array.getArray()).map(o -> (UUID) o).toList();
  }

  private static void owner(PreparedStatement ps, int index, @Nullable String ownerId)
      throws SQLException {
    ps.setString(index, ownerId);
    ps.setString(index + 1, ownerId);
  }

  private interface Binder {
    void bind(PreparedStatement ps) throws SQLException;
  }

  private interface Row<T> {
    T map(ResultSet rs) throws SQLException;
  }

  private <T> List<T> query(String sql, Binder binder, Row<T> row) {
    return jdbc.prepareStatement(
        sql,
        ps -> {
          binder.bind(ps);
          List<T> out = new ArrayList<>();
          try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
              out.add(row.map(rs));
            }
          }
          return out;
        });
  }
}
