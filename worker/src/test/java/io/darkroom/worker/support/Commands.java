package io.darkroom.worker.support;

import io.darkroom.schema.ProcessImageCommand;
import java.util.UUID;

/** Commands as an attacker or a bug could shape them; for tests. */
public final class Commands {
  private Commands() {}

  /**
   * The command of another image ({@code imageId}, {@code ownerId}) that names {@code victim}'s
   * original as its source: it would make a worker write renditions under someone else's prefix.
   */
  public static ProcessImageCommand pointingAt(
      ProcessImageCommand victim, UUID imageId, String ownerId) {
    return new ProcessImageCommand(
        victim.schemaVersion(),
        UUID.randomUUID(),
        imageId,
        ownerId,
        victim.source(),
        victim.renditions(),
        victim.requestedAt());
  }
}
