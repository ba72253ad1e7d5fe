package io.darkroom.api.webhook;

import io.darkroom.egress.EgressGuard;
import io.darkroom.egress.EgressPolicy;
import io.micronaut.context.annotation.Factory;
import jakarta.inject.Singleton;

/** The egress guard webhooks go through, with the deployment's allow-list (empty by default). */
@Factory
class EgressFactory {
  @Singleton
  EgressGuard webhookEgress(WebhookConfiguration config) {
    return new EgressGuard(EgressPolicy.webhooks(config.allowedRanges()));
  }
}
