package io.darkroom.api.console;

import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;
import io.swagger.v3.oas.annotations.Hidden;
import java.net.URI;

/** Sends a browser that asks for the server's root to the console. */
@Controller
@Secured(SecurityRule.IS_ANONYMOUS)
@Hidden
class ConsoleController {
  private static final URI CONSOLE = URI.create("/ui/");

  @Get
  HttpResponse<?> root() {
    return HttpResponse.seeOther(CONSOLE);
  }
}
