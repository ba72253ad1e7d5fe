/**
 * The worker's use case, "process one image command": fetch the original into a bounded temporary
 * file, run the pipeline, store the renditions and report exactly one outcome through {@link
 * io.darkroom.worker.job.EventSink}. Free of any messaging technology: the Kafka adapters live in
 * {@code io.darkroom.worker.messaging}.
 */
package io.darkroom.worker.job;
