package io.darkroom.api.storage;

import java.util.Map;

/**
 * A browser-ready POST form: send every field, then the file as the last field named {@code file}.
 */
public record PresignedPost(String url, Map<String, String> fields) {}
