package io.darkroom.worker.job;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.context.annotation.Context;
import io.micronaut.core.bind.annotation.Bindable;
import jakarta.validation.constraints.Min;

/**
 * How the worker treats an image's deliveries. (The consumer's {@code concurrency} and {@code
 * retry.*} settings are read by the Kafka listener itself.)
 *
 * @param maxUnfinishedAttempts deliveries of one image that ended their worker (killed, out of
 *     memory, wedged) before the next one fails it as {@code poison_image}
 */
@Context
@ConfigurationProperties("darkroom.worker")
public record WorkerConfiguration(
    @Bindable(defaultValue = "3") @Min(1) int maxUnfinishedAttempts) {}
