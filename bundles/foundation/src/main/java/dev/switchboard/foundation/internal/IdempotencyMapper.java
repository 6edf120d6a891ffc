package dev.switchboard.foundation.internal;

import java.time.Instant;
import java.util.UUID;
import org.apache.ibatis.annotations.Param;

/** Owner of table {@code idempotency_keys}. */
public interface IdempotencyMapper {

    /** Claims the key, replacing an expired row; returns 1 when claimed, 0 when a live row exists. */
    int claim(@Param("organizationId") UUID organizationId, @Param("key") String key,
              @Param("requestHash") String requestHash, @Param("expiresAt") Instant expiresAt);

    IdempotencyRow find(@Param("organizationId") UUID organizationId, @Param("key") String key);

    int complete(@Param("organizationId") UUID organizationId, @Param("key") String key,
                 @Param("status") int status, @Param("contentType") String contentType, @Param("body") String body);

    int delete(@Param("organizationId") UUID organizationId, @Param("key") String key);

    int deleteExpired();

    int deleteOrganization(@Param("organizationId") UUID organizationId);
}
