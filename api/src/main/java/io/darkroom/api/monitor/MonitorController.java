package io.darkroom.api.monitor;

import io.darkroom.api.error.ProblemResponses;
import io.darkroom.api.owner.CurrentOwner;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.security.Principal;

/** The figures behind the console's monitor page. */
@Controller("/api/v1/monitor")
@ExecuteOn(TaskExecutors.BLOCKING)
@Secured(SecurityRule.IS_AUTHENTICATED)
@ProblemResponses.Unauthorized
@Tag(name = "Monitor")
class MonitorController {
  private final Monitor monitor;
  private final CurrentOwner owner;

  MonitorController(Monitor monitor, CurrentOwner owner) {
    this.monitor = monitor;
    this.owner = owner;
  }

  @Operation(
      operationId = "getMonitor",
      summary = "Throughput, backlog, failures and stage timings of the last hour",
      description =
          "The caller's own images. A caller with the admin role (darkroom.auth.admin-role, in the"
              + " token's roles claim; everyone when auth is off) sees every owner's, and the"
              + " pipeline: the outbox, the commands topic's lag per partition and the workers"
              + " consuming it. Failed images are linked only where they are the caller's.")
  @ApiResponse(responseCode = "200", description = "The figures")
  @Get
  MonitorView read(@Nullable Principal principal) {
    return monitor.read(owner.of(principal), owner.isAdmin(principal));
  }
}
