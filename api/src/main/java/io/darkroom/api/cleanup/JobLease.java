package io.darkroom.api.cleanup;

import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import java.time.Instant;

/** A row of {@code job_leases}: which api instance runs a cluster-wide job, and until when. */
@MappedEntity("job_leases")
record JobLease(@Id String name, String holder, Instant until) {}
