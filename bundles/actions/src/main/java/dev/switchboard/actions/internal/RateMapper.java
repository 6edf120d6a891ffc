package dev.switchboard.actions.internal;

import java.time.Instant;
import java.util.UUID;
import org.apache.ibatis.annotations.Delete;
import org.apache.ibatis.annotations.Param;
import org.apache.ibatis.annotations.Select;

/** Owner of action_rate_windows: one counter per session and minute, shared by every engine node. */
public interface RateMapper {

    @Select("INSERT INTO action_rate_windows (session_id, window_start, organization_id, count)"
            + " VALUES (#{sessionId}, #{windowStart}, #{organizationId}, 1)"
            + " ON CONFLICT (session_id, window_start) DO UPDATE SET count = action_rate_windows.count + 1"
            + " RETURNING count")
    int increment(@Param("organizationId") UUID organizationId, @Param("sessionId") UUID sessionId,
                  @Param("windowStart") Instant windowStart);

    @Delete("DELETE FROM action_rate_windows WHERE window_start < #{before}")
    int deleteBefore(@Param("before") Instant before);

    @Delete("DELETE FROM action_rate_windows WHERE organization_id = #{organizationId}")
    int deleteOrganization(@Param("organizationId") UUID organizationId);
}
