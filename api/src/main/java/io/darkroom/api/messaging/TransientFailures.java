package io.darkroom.api.messaging;

import java.net.ConnectException;
import java.net.SocketException;
import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.util.Set;

/**
 * Whether a failure says the database is away or busy (the same work will succeed later), as
 * opposed to something about the work itself (it would fail again).
 */
final class TransientFailures {
  /**
   * SQLSTATE classes of a failure outside the statement: 08 connection exception, 53 insufficient
   * resources, 57 operator intervention (the server shutting down), 40 transaction rollback
   * (serialization failure, deadlock).
   */
  private static final Set<String> TRANSIENT_SQL_STATE_CLASSES = Set.of("08", "53", "57", "40");

  private TransientFailures() {}

  static boolean isTransient(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof SQLTransientException
          || t instanceof SQLRecoverableException
          || t instanceof ConnectException
          || t instanceof SocketException) {
        return true;
      }
      if (t instanceof SQLException sql
          && sql.getSQLState() != null
          && sql.getSQLState().length() >= 2
          && TRANSIENT_SQL_STATE_CLASSES.contains(sql.getSQLState().substring(0, 2))) {
        return true;
      }
    }
    return false;
  }
}
