package io.darkroom.schema;

/**
 * Kafka topic names. The version suffix changes only with an incompatible message change, so old
 * and new producers can run side by side during a migration.
 */
public final class Topics {
  /** {@link ProcessImageCommand}s from the api to the workers, keyed by image id. */
  public static final String COMMANDS = "image-commands.v1";

  /** {@link ImageEvent}s from the workers to the api, keyed by image id. */
  public static final String EVENTS = "image-events.v1";

  /** Commands that could not even be read: kept for an operator, never retried automatically. */
  public static final String COMMANDS_DEAD_LETTER = "image-commands.v1.dlt";

  /** Events that could not even be read by the api. */
  public static final String EVENTS_DEAD_LETTER = "image-events.v1.dlt";

  private Topics() {}
}
