package dev.switchboard.foundation;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.UUID;

/** Time-ordered UUIDs (version 7, RFC 9562): ids sort by creation time, which keeps indexes compact. */
public final class Ids {

    private static final SecureRandom RANDOM = new SecureRandom();

    private Ids() {
    }

    public static UUID newId() {
        return newId(Clock.systemUTC());
    }

    public static UUID newId(Clock clock) {
        long millis = clock.millis();
        long randomA = RANDOM.nextInt(1 << 12);
        long randomB = RANDOM.nextLong();
        long most = (millis << 16) | (0x7L << 12) | randomA;
        long least = (randomB & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(most, least);
    }
}
