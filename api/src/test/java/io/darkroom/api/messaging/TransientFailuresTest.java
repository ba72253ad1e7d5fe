package io.darkroom.api.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.data.connection.exceptions.ConnectionException;
import java.net.ConnectException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import org.junit.jupiter.api.Test;

class TransientFailuresTest {

  @Test
  void shouldCallAnAbsentOrBusyDatabaseTransientHoweverDeepTheCause() {
    assertThat(TransientFailures.isTransient(wrapped(new SQLTransientConnectionException("pool"))))
        .isTrue();
    assertThat(TransientFailures.isTransient(wrapped(new SQLException("gone", "08006")))).isTrue();
    assertThat(TransientFailures.isTransient(wrapped(new SQLException("shutdown", "57P01"))))
        .isTrue();
    assertThat(TransientFailures.isTransient(wrapped(new SQLException("serial", "40001"))))
        .isTrue();
    assertThat(TransientFailures.isTransient(wrapped(new ConnectException("refused")))).isTrue();
  }

  /** What a pooled connection the stopped server had cut answers (DatabaseOutageIT saw it). */
  @Test
  void shouldCallAConnectionThePoolFoundClosedTransient() {
    assertThat(
            TransientFailures.isTransient(
                new ConnectionException(
                    "Could not set JDBC Connection read-only: Connection is closed",
                    new SQLException("Connection is closed"))))
        .isTrue();
    assertThat(TransientFailures.isTransient(wrapped(new SQLException("Connection is closed"))))
        .isTrue();
  }

  @Test
  void shouldCallAFailureOfTheWorkItselfPermanent() {
    assertThat(TransientFailures.isTransient(wrapped(new SQLException("check", "23514"))))
        .isFalse();
    assertThat(TransientFailures.isTransient(wrapped(new SQLException("unique", "23505"))))
        .isFalse();
    assertThat(TransientFailures.isTransient(wrapped(new SQLException("bad json", "22P02"))))
        .isFalse();
    assertThat(TransientFailures.isTransient(new IllegalArgumentException("bad"))).isFalse();
  }

  private static RuntimeException wrapped(Throwable cause) {
    return new IllegalStateException("outer", new RuntimeException("middle", cause));
  }
}
