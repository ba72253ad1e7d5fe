package io.darkroom.schema;

/** Version of the message records in this module; every message carries it. */
public final class SchemaVersion {
  public static final int CURRENT = 1;

  private SchemaVersion() {}
}
