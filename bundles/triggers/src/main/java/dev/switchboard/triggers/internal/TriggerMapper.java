package dev.switchboard.triggers.internal;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.apache.ibatis.annotations.Delete;
import org.apache.ibatis.annotations.Insert;
import org.apache.ibatis.annotations.Param;
import org.apache.ibatis.annotations.Select;
import org.apache.ibatis.annotations.Update;

/**
 * Owner of triggers. Statements name the organization, except the look-ups of the webhook ingress and the
 * poller, which start from an unguessable path or a scheduler job and learn the organization from the row.
 */
public interface TriggerMapper {

    String COLUMNS = "id, organization_id, automation_id, source, mode, enabled, integration_id, config::text AS config,"
            + " webhook_path, secret_key_id, secret_value, polling_cron, polling_cursor, last_polled_at, last_poll_error,"
            + " created_by, created_at, updated_at, target_kind, target_skill, message_source";

    @Insert("INSERT INTO triggers (id, organization_id, automation_id, source, mode, enabled, integration_id, config,"
            + " webhook_path, secret_key_id, secret_value, polling_cron, created_by, target_kind, target_skill, message_source)"
            + " VALUES (#{id}, #{organizationId}, #{automationId}, #{source}, #{mode}, #{enabled}, #{integrationId},"
            + " CAST(#{config} AS jsonb), #{webhookPath}, #{secretKeyId}, #{secretValue}, #{pollingCron}, #{createdBy},"
            + " #{targetKind}, #{targetSkill}, #{messageSource})")
    int insert(Rows.TriggerRow row);

    @Select("SELECT " + COLUMNS + " FROM triggers WHERE organization_id = #{organizationId} AND id = #{id}")
    Rows.TriggerRow get(@Param("organizationId") UUID organizationId, @Param("id") UUID id);

    @Select("SELECT " + COLUMNS + " FROM triggers WHERE id = #{id}")
    Rows.TriggerRow byId(@Param("id") UUID id);

    @Select("SELECT " + COLUMNS + " FROM triggers WHERE webhook_path = #{path}")
    Rows.TriggerRow byWebhookPath(@Param("path") String path);

    @Select("SELECT " + COLUMNS + " FROM triggers WHERE integration_id = #{integrationId} AND enabled AND mode = 'webhook'"
            + " ORDER BY id")
    List<Rows.TriggerRow> webhookTriggersOf(@Param("integrationId") UUID integrationId);

    @Select("<script>SELECT " + COLUMNS + " FROM triggers WHERE organization_id = #{organizationId}"
            + "<if test='automationId != null'> AND automation_id = #{automationId}</if>"
            + "<if test='source != null'> AND source = #{source}</if>"
            + "<if test='after != null'> AND id &lt; #{after}</if>"
            + " ORDER BY id DESC LIMIT #{limit}</script>")
    List<Rows.TriggerRow> list(@Param("organizationId") UUID organizationId, @Param("automationId") UUID automationId,
                               @Param("source") String source, @Param("after") UUID after, @Param("limit") int limit);

    @Select("SELECT id FROM triggers WHERE enabled AND mode = 'polling' ORDER BY id")
    List<UUID> enabledPolling();

    @Update("UPDATE triggers SET enabled = #{enabled}, integration_id = #{integrationId}, config = CAST(#{config} AS jsonb),"
            + " polling_cron = #{pollingCron}, polling_cursor = CASE WHEN #{resetCursor} THEN NULL ELSE polling_cursor END,"
            + " updated_at = now() WHERE organization_id = #{organizationId} AND id = #{id}")
    int update(@Param("organizationId") UUID organizationId, @Param("id") UUID id, @Param("enabled") boolean enabled,
               @Param("integrationId") UUID integrationId, @Param("config") String config,
               @Param("pollingCron") String pollingCron, @Param("resetCursor") boolean resetCursor);

    @Update("UPDATE triggers SET secret_key_id = #{keyId}, secret_value = #{value}, updated_at = now()"
            + " WHERE organization_id = #{organizationId} AND id = #{id}")
    int setSecret(@Param("organizationId") UUID organizationId, @Param("id") UUID id, @Param("keyId") String keyId,
                  @Param("value") String value);

    @Delete("DELETE FROM triggers WHERE organization_id = #{organizationId} AND id = #{id}")
    int delete(@Param("organizationId") UUID organizationId, @Param("id") UUID id);

    @Delete("DELETE FROM triggers WHERE organization_id = #{organizationId}")
    int deleteOrganization(@Param("organizationId") UUID organizationId);

    /**
     * Takes the poll lease of an enabled polling trigger unless another poll holds an unexpired one; 1 when
     * taken. The lease is what keeps one trigger from being polled twice at once across nodes.
     */
    @Update("UPDATE triggers SET poll_lease_owner = #{owner}, poll_lease_until = #{until} WHERE id = #{id} AND enabled"
            + " AND mode = 'polling' AND (poll_lease_until IS NULL OR poll_lease_until < #{now})"
            + " AND (poll_not_before IS NULL OR poll_not_before <= #{now})")
    int takeLease(@Param("id") UUID id, @Param("owner") String owner, @Param("now") Instant now,
                  @Param("until") Instant until);

    @Update("UPDATE triggers SET poll_lease_owner = NULL, poll_lease_until = NULL, last_polled_at = #{now},"
            + " last_poll_error = #{error}, poll_not_before = #{notBefore} WHERE id = #{id} AND poll_lease_owner = #{owner}")
    int releaseLease(@Param("id") UUID id, @Param("owner") String owner, @Param("now") Instant now,
                     @Param("error") String error, @Param("notBefore") Instant notBefore);

    @Update("UPDATE triggers SET poll_lease_until = #{until} WHERE id = #{id} AND poll_lease_owner = #{owner}")
    int renewLease(@Param("id") UUID id, @Param("owner") String owner, @Param("until") Instant until);

    /** Gives the lease back without recording a poll (nothing was polled). */
    @Update("UPDATE triggers SET poll_lease_owner = NULL, poll_lease_until = NULL WHERE id = #{id}"
            + " AND poll_lease_owner = #{owner}")
    int dropLease(@Param("id") UUID id, @Param("owner") String owner);

    /** Saves the cursor, only while this poll still holds the lease. */
    @Update("UPDATE triggers SET polling_cursor = #{cursor} WHERE id = #{id} AND poll_lease_owner = #{owner}")
    int saveCursor(@Param("id") UUID id, @Param("owner") String owner, @Param("cursor") String cursor);

    /** Secrets of every trigger sealed with another key than {@code keyId}, for re-encryption. */
    @Select("SELECT " + COLUMNS + " FROM triggers WHERE secret_key_id <> #{keyId} ORDER BY id LIMIT #{limit}")
    List<Rows.TriggerRow> sealedWithOtherKey(@Param("keyId") String keyId, @Param("limit") int limit);

    @Update("UPDATE triggers SET secret_key_id = #{keyId}, secret_value = #{value} WHERE id = #{id}"
            + " AND secret_key_id = #{previousKeyId}")
    int reseal(@Param("id") UUID id, @Param("previousKeyId") String previousKeyId, @Param("keyId") String keyId,
               @Param("value") String value);
}
