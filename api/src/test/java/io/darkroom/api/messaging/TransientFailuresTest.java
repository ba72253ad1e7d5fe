package io.darkroom.api.messaging;

import static org.assertj.core.api.Assertions.assertThat;

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

  @Test
  void shouldCallAFailureOfTheWorkItselfPermanent() {
    assertThat(TransientFailures.isTransient(wrapped(new SQLException("check", "23514"))))
        .isFalse();
    assertThat(TransientFailures.isTransient(new IllegalArgumentException("bad"))).isFalse();
    assertThat(TransientFailures.isTransient(wrapped(new SQLException("no state")))).isFalse();
  }

  private static RuntimeException wrapped(Throwable cause) {
    return new IllegalStateException("outer", new RuntimeException("middle", cause));
  }
}
