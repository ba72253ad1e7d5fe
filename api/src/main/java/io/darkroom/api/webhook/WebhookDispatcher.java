package io.darkroom.api.webhook;

import io.micronaut.scheduling.annotation.Scheduled;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends due messages on a pool of its own: at most one message per endpoint in flight from this
 * instance, so a slow or dead endpoint holds one sender and never delays the others. A message is
 * claimed for longer than an attempt can take; an instance that dies mid-attempt leaves its claim
 * to lapse and another sends it again (at least once).
 */
@Singleton
class WebhookDispatcher {
  private static final Logger LOG = LoggerFactory.getLogger(WebhookDispatcher.class);
  private static final Duration CLAIM = Duration.ofSeconds(60);

  private final WebhookMessageRepository messages;
  private final WebhookSender sender;
  private final ExecutorService pool;
  private final Semaphore slots;
  private final Set<UUID> busyEndpoints = ConcurrentHashMap.newKeySet();
  private final Set<String> inFlight = ConcurrentHashMap.newKeySet();

  WebhookDispatcher(
      WebhookMessageRepository messages, WebhookSender sender, WebhookConfiguration config) {
    this.messages = messages;
    this.sender = sender;
    this.pool =
        Executors.newFixedThreadPool(
            config.concurrency(),
            r -> {
              Thread t = new Thread(r, "webhook-sender");
              t.setDaemon(true);
              return t;
            });
    this.slots = new Semaphore(config.concurrency());
  }

  @Scheduled(fixedDelay = "${darkroom.webhooks.poll-interval}", initialDelay = "1s")
  void dispatch() {
    try {
      int free = slots.availablePermits();
      if (free == 0) {
        return;
      }
      for (WebhookMessage message : messages.findDue(free)) {
        if (busyEndpoints.contains(message.endpointId()) || !slots.tryAcquire()) {
          continue;
        }
        if (messages.claim(message.id(), Instant.now().plus(CLAIM)) == 0) {
          slots.release();
          continue;
        }
        busyEndpoints.add(message.endpointId());
        inFlight.add(message.id());
        pool.execute(() -> send(message));
      }
    } catch (RuntimeException e) {
      LOG.warn("Looking for webhook deliveries failed, will retry: {}", e.toString());
    }
  }

  private void send(WebhookMessage message) {
    try {
      sender.attempt(message);
    } catch (RuntimeException e) {
      LOG.warn(
          "Webhook message {}: attempt not recorded, its claim will lapse: {}",
          message.id(),
          e.toString());
    } finally {
      inFlight.remove(message.id());
      busyEndpoints.remove(message.endpointId());
      slots.release();
    }
  }

  /**
   * Gives back the claims of attempts cut short, so another instance (or this one, restarted) sends
   * them at once instead of when the claim lapses; a receiver may get that message twice, which at
   * least once allows.
   */
  @PreDestroy
  void stop() {
    pool.shutdownNow();
    for (String id : Set.copyOf(inFlight)) {
      try {
        messages.release(id);
      } catch (RuntimeException e) {
        LOG.info("Webhook message {}: claim left to lapse: {}", id, e.toString());
      }
    }
  }
}
