package io.darkroom.api.docs;

import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;
import io.swagger.v3.oas.annotations.Hidden;
import java.net.URI;

/** A memorable address for the docs: {@code /api-docs} leads to Swagger UI. */
@Controller
@Hidden
@Secured(SecurityRule.IS_ANONYMOUS)
class ApiDocsController {
  private static final URI SWAGGER_UI = URI.create("/swagger-ui/index.html");

  @Get("/api-docs")
  HttpResponse<Void> apiDocs() {
    return HttpResponse.<Void>status(HttpStatus.FOUND).headers(h -> h.location(SWAGGER_UI));
  }
}
