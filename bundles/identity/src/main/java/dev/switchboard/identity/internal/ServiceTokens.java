package dev.switchboard.identity.internal;

import dev.switchboard.foundation.InvalidConfigurationException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Tokens of trusted services, configured as {@code serviceTokens = <name>:<sha256 hex of the token>,...}
 * so that the configuration never holds the token itself.
 */
final class ServiceTokens {

    private final Map<String, String> namesByHash;

    private ServiceTokens(Map<String, String> namesByHash) {
        this.namesByHash = namesByHash;
    }

    static ServiceTokens parse(String configured) {
        Map<String, String> namesByHash = new HashMap<>();
        if (configured != null) {
            for (String entry : configured.split(",")) {
                if (entry.isBlank()) {
                    continue;
                }
                String[] pair = entry.trim().split(":", 2);
                if (pair.length != 2 || !pair[1].matches("[0-9a-f]{64}")) {
                    throw new InvalidConfigurationException(IdentityConfig.PID, "serviceTokens", "<hidden>",
                            "<name>:<64 lower-case hex digits of the token's SHA-256>, separated by commas");
                }
                namesByHash.put(pair[1], pair[0]);
            }
        }
        return new ServiceTokens(Map.copyOf(namesByHash));
    }

    Optional<String> match(String token) {
        String hash = Tokens.hash(token);
        for (Map.Entry<String, String> entry : namesByHash.entrySet()) {
            if (MessageDigest.isEqual(entry.getKey().getBytes(StandardCharsets.US_ASCII),
                    hash.getBytes(StandardCharsets.US_ASCII))) {
                return Optional.of(entry.getValue());
            }
        }
        return Optional.empty();
    }
}
