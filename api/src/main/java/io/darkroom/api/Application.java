package io.darkroom.api;

import io.micronaut.runtime.Micronaut;
import io.swagger.v3.oas.annotations.OpenAPIDefinition;
import io.swagger.v3.oas.annotations.enums.SecuritySchemeType;
import io.swagger.v3.oas.annotations.info.Info;
import io.swagger.v3.oas.annotations.info.License;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.security.SecurityScheme;
import io.swagger.v3.oas.annotations.servers.Server;
import io.swagger.v3.oas.annotations.servers.ServerVariable;

@OpenAPIDefinition(
    info =
        @Info(
            title = "Darkroom API",
            version = "v1",
            description =
                "Upload images straight to S3-compatible storage, have them processed into renditions by a"
                    + " pool of workers, organise them in collections and serve them. A single resource"
                    + " is answered bare; a list is {data, meta}; an error is RFC 9457 problem+json.",
            license =
                @License(name = "Apache-2.0", url = "https://www.apache.org/licenses/LICENSE-2.0")),
    servers =
        @Server(
            url = "{scheme}://{host}",
            description = "Your api; the local run's is http://localhost:8080",
            variables = {
              @ServerVariable(
                  name = "scheme",
                  defaultValue = "http",
                  allowableValues = {"http", "https"}),
              @ServerVariable(name = "host", defaultValue = "localhost:8080")
            }),
    security = @SecurityRequirement(name = "bearerAuth"))
@SecurityScheme(
    name = "bearerAuth",
    type = SecuritySchemeType.HTTP,
    scheme = "bearer",
    bearerFormat = "JWT",
    description =
        "A JWT signed with darkroom.auth.jwt-secret (HS256) or by your identity provider (JWKS);"
            + " its owner claim (sub by default) owns the data. Not needed by the local run.")
public final class Application {
  private Application() {}

  public static void main(String[] args) {
    Micronaut.build(args).banner(false).mainClass(Application.class).start();
  }
}
