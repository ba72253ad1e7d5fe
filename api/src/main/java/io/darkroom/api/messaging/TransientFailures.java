package io.darkroom.api.messaging;

import io.micronaut.data.connection.exceptions.ConnectionException;
import io.micronaut.data.connection.jdbc.exceptions.CannotGetJdbcConnectionException;
import io.micronaut.transaction.exceptions.CannotCreateTransactionException;
import io.micronaut.transaction.exceptions.TransactionSystemException;
import java.net.ConnectException;
import java.net.SocketException;
import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.util.Set;

/**
 * Whether a failure says the database is away or busy (the same work will succeed later), as
 * opposed to something about the work itself (it would fail again). When in doubt about a database
 * failure it answers transient: retrying an outcome for as long as the database is away costs a
 * paused partition, while calling an outage permanent loses the outcome.
 */
final class TransientFailures {
  /**
   * SQLSTATE classes of a failure outside the statement: 08 connection exception, 53 insufficient
   * resources, 57 operator intervention (the server shutting down), 58 system error, 40 transaction
   * rollback (serialization failure, deadlock), XX internal error.
   */
  private static final Set<String> TRANSIENT_SQL_STATE_CLASSES =
      Set.of("08", "53", "57", "58", "40", "XX");

  private TransientFailures() {}

  static boolean isTransient(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof SQLTransientException
          || t instanceof SQLRecoverableException
          || t instanceof ConnectException
          || t instanceof SocketException
          || t instanceof ConnectionException
          || t instanceof CannotGetJdbcConnectionException
          || t instanceof CannotCreateTransactionException
          || t instanceof TransactionSystemException) {
        return true;
      }
      if (t instanceof SQLException sql) {
        String state = sql.getSQLState();
        // no state: the pool or the driver failed ("Connection is closed"), not the statement
        return state == null
            || state.length() < 2
            || TRANSIENT_SQL_STATE_CLASSES.contains(state.substring(0, 2));
      }
    }
    return false;
  }
}
