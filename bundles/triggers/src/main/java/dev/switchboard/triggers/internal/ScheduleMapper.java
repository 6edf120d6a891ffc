package dev.switchboard.triggers.internal;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.apache.ibatis.annotations.Delete;
import org.apache.ibatis.annotations.Insert;
import org.apache.ibatis.annotations.Param;
import org.apache.ibatis.annotations.Select;
import org.apache.ibatis.annotations.Update;

/** Owner of schedules. Every statement names the organization, except the scheduler's look-ups by id. */
public interface ScheduleMapper {

    String COLUMNS = "id, organization_id, automation_id, name, cron_expression, timezone, enabled, last_run_at,"
            + " created_by, created_at, updated_at, target_skill, input::text AS input";

    @Insert("INSERT INTO schedules (id, organization_id, automation_id, name, cron_expression, timezone, enabled,"
            + " created_by, target_skill, input) VALUES (#{id}, #{organizationId}, #{automationId}, #{name},"
            + " #{cronExpression}, #{timezone}, #{enabled}, #{createdBy}, #{targetSkill}, CAST(#{input} AS jsonb))")
    int insert(Rows.ScheduleRow row);

    @Select("SELECT " + COLUMNS + " FROM schedules WHERE organization_id = #{organizationId} AND id = #{id}")
    Rows.ScheduleRow get(@Param("organizationId") UUID organizationId, @Param("id") UUID id);

    @Select("SELECT " + COLUMNS + " FROM schedules WHERE id = #{id}")
    Rows.ScheduleRow byId(@Param("id") UUID id);

    @Select("<script>SELECT " + COLUMNS + " FROM schedules WHERE organization_id = #{organizationId}"
            + "<if test='automationId != null'> AND automation_id = #{automationId}</if>"
            + "<if test='after != null'> AND id &lt; #{after}</if>"
            + " ORDER BY id DESC LIMIT #{limit}</script>")
    List<Rows.ScheduleRow> list(@Param("organizationId") UUID organizationId, @Param("automationId") UUID automationId,
                                @Param("after") UUID after, @Param("limit") int limit);

    @Select("SELECT id FROM schedules WHERE enabled ORDER BY id")
    List<UUID> enabled();

    @Update("UPDATE schedules SET name = #{name}, cron_expression = #{cronExpression}, timezone = #{timezone},"
            + " enabled = #{enabled}, input = CAST(#{input} AS jsonb), updated_at = now() WHERE organization_id = #{organizationId} AND id = #{id}")
    int update(Rows.ScheduleRow row);

    @Update("UPDATE schedules SET last_run_at = #{at} WHERE id = #{id} AND (last_run_at IS NULL OR last_run_at < #{at})")
    int markRun(@Param("id") UUID id, @Param("at") Instant at);

    @Delete("DELETE FROM schedules WHERE organization_id = #{organizationId} AND id = #{id}")
    int delete(@Param("organizationId") UUID organizationId, @Param("id") UUID id);

    @Delete("DELETE FROM schedules WHERE organization_id = #{organizationId}")
    int deleteOrganization(@Param("organizationId") UUID organizationId);
}
