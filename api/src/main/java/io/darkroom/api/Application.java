package io.darkroom.api;

import io.micronaut.runtime.Micronaut;
import io.swagger.v3.oas.annotations.OpenAPIDefinition;
import io.swagger.v3.oas.annotations.info.Info;
import io.swagger.v3.oas.annotations.info.License;

@OpenAPIDefinition(
    info =
        @Info(
            title = "Darkroom API",
            version = "v1",
            description =
                "Upload images straight to S3-compatible storage, have them processed into renditions by a"
                    + " pool of workers, organise them in collections and serve them.",
            license = @License(name = "Apache-2.0")))
public final class Application {
  private Application() {}

  public static void main(String[] args) {
    Micronaut.build(args).banner(false).mainClass(Application.class).start();
  }
}
