package dev.switchboard.secrets.internal;

import java.util.List;

/** Body of {@code POST /api/v1/secrets/check}. */
public record KeyCheck(List<String> keys, String scope) {
}
