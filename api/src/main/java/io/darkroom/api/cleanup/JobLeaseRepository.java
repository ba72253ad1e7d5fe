package io.darkroom.api.cleanup;

import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.GenericRepository;
import java.time.Instant;

/** Leases of jobs that one api instance at a time runs (the reconciliation). */
@JdbcRepository(dialect = Dialect.POSTGRES)
interface JobLeaseRepository extends GenericRepository<JobLease, String> {

  /** Takes the lease of a job for {@code until} if nobody holds it; 1 when taken. */
  @Query(
      value =
          "UPDATE job_leases SET holder = :holder, until = :until WHERE name = :name AND until <"
              + " now()",
      nativeQuery = true)
  int take(String name, String holder, Instant until);
}
