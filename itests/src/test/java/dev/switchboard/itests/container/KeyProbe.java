package dev.switchboard.itests.container;

import java.util.UUID;
import org.apache.ibatis.annotations.Insert;
import org.apache.ibatis.annotations.Param;
import org.apache.ibatis.annotations.Select;

/** A second mapper set of the test probe, writing to the foundation's idempotency_keys table. */
public interface KeyProbe {

    @Insert("INSERT INTO idempotency_keys (organization_id, idempotency_key, request_hash, state, expires_at) "
            + "VALUES (#{organization}, #{key}, 'probe', 'in_progress', now() + interval '1 hour')")
    int insert(@Param("organization") UUID organization, @Param("key") String key);

    @Select("SELECT count(*) FROM idempotency_keys WHERE organization_id = #{organization}")
    long count(@Param("organization") UUID organization);

    @Select("SELECT pg_backend_pid()")
    int backendPid();
}
