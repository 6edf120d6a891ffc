package dev.switchboard.integrations.internal;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.apache.ibatis.annotations.Delete;
import org.apache.ibatis.annotations.Insert;
import org.apache.ibatis.annotations.Param;
import org.apache.ibatis.annotations.Select;
import org.apache.ibatis.annotations.Update;

/**
 * Owner of {@code integrations}. Every statement names the organization except the lifecycle-webhook
 * update (routed by provider connection id across organizations) and re-encryption.
 */
public interface IntegrationMapper {

    String COLUMNS = "id, organization_id, service, provider_adapter_id, connection_id, display_name,"
            + " array_to_string(scopes, ' ') AS scopes_text, status, visibility, oauth_client_id, tokens_key_id,"
            + " tokens_ciphertext, token_expires_at, created_by, created_at, updated_at";

    @Insert("INSERT INTO integrations (id, organization_id, service, provider_adapter_id, connection_id, display_name,"
            + " scopes, status, visibility, oauth_client_id, tokens_key_id, tokens_ciphertext, token_expires_at,"
            + " created_by, created_at, updated_at) VALUES (#{id}, #{organizationId}, #{service}, #{providerAdapterId},"
            + " #{connectionId}, #{displayName}, string_to_array(#{scopesText}, ' '), 'active', #{visibility},"
            + " #{oauthClientId}, #{tokensKeyId}, #{tokensCiphertext}, #{tokenExpiresAt}, #{createdBy}, #{now}, #{now})")
    int insert(@Param("id") UUID id, @Param("organizationId") UUID organizationId, @Param("service") String service,
               @Param("providerAdapterId") String providerAdapterId, @Param("connectionId") String connectionId,
               @Param("displayName") String displayName, @Param("scopesText") String scopesText,
               @Param("visibility") String visibility, @Param("oauthClientId") String oauthClientId,
               @Param("tokensKeyId") String tokensKeyId, @Param("tokensCiphertext") String tokensCiphertext,
               @Param("tokenExpiresAt") Instant tokenExpiresAt, @Param("createdBy") UUID createdBy,
               @Param("now") Instant now);

    @Select("SELECT " + COLUMNS + " FROM integrations WHERE organization_id = #{organizationId} AND id = #{id}")
    Rows.IntegrationRow get(@Param("organizationId") UUID organizationId, @Param("id") UUID id);

    /** Locks the row: refreshes of one integration run one at a time across nodes. */
    @Select("SELECT " + COLUMNS + " FROM integrations WHERE organization_id = #{organizationId} AND id = #{id} FOR UPDATE")
    Rows.IntegrationRow lock(@Param("organizationId") UUID organizationId, @Param("id") UUID id);

    /** Bounds how long a refresh waits for another node's refresh of the same row. */
    @Update("SET LOCAL lock_timeout = '45s'")
    void limitLockWait();

    @Select("<script>SELECT " + COLUMNS + " FROM integrations WHERE organization_id = #{organizationId}"
            + "<if test='service != null'> AND service = #{service}</if>"
            + "<if test='viewer != null'> AND (visibility = 'org' OR created_by = #{viewer})</if>"
            + "<if test='afterId != null'> AND id &gt; #{afterId}</if>"
            + " ORDER BY id LIMIT #{limit}</script>")
    List<Rows.IntegrationRow> list(@Param("organizationId") UUID organizationId, @Param("service") String service,
                                   @Param("viewer") UUID viewer, @Param("afterId") UUID afterId,
                                   @Param("limit") int limit);

    @Select("SELECT " + COLUMNS + " FROM integrations WHERE organization_id = #{organizationId} AND service = #{service}"
            + " ORDER BY created_at DESC, id DESC")
    List<Rows.IntegrationRow> byService(@Param("organizationId") UUID organizationId, @Param("service") String service);

    /** After a refresh; {@code scopesText} null keeps the stored scopes (the provider named none). */
    @Update("UPDATE integrations SET tokens_key_id = #{tokensKeyId}, tokens_ciphertext = #{tokensCiphertext},"
            + " token_expires_at = #{tokenExpiresAt}, scopes = COALESCE(string_to_array(#{scopesText}, ' '), scopes),"
            + " updated_at = #{now} WHERE organization_id = #{organizationId} AND id = #{id}")
    int storeTokens(@Param("organizationId") UUID organizationId, @Param("id") UUID id,
                    @Param("tokensKeyId") String tokensKeyId, @Param("tokensCiphertext") String tokensCiphertext,
                    @Param("tokenExpiresAt") Instant tokenExpiresAt, @Param("scopesText") String scopesText,
                    @Param("now") Instant now);

    /**
     * Reconnect: new tokens, scopes and client on the same row, active again; the connection id changes only
     * when the provider named one ({@code connectionId} not null).
     */
    @Update("UPDATE integrations SET tokens_key_id = #{tokensKeyId}, tokens_ciphertext = #{tokensCiphertext},"
            + " token_expires_at = #{tokenExpiresAt}, scopes = string_to_array(#{scopesText}, ' '),"
            + " oauth_client_id = #{oauthClientId}, connection_id = COALESCE(#{connectionId}, connection_id),"
            + " status = 'active', updated_at = #{now}"
            + " WHERE organization_id = #{organizationId} AND id = #{id}")
    int reconnect(@Param("organizationId") UUID organizationId, @Param("id") UUID id,
                  @Param("scopesText") String scopesText, @Param("oauthClientId") String oauthClientId,
                  @Param("tokensKeyId") String tokensKeyId, @Param("tokensCiphertext") String tokensCiphertext,
                  @Param("tokenExpiresAt") Instant tokenExpiresAt, @Param("connectionId") String connectionId,
                  @Param("now") Instant now);

    /** App installation (re)connected: the row points at the installation, holds no tokens, is active again. */
    @Update("UPDATE integrations SET connection_id = #{connectionId}, oauth_client_id = #{oauthClientId},"
            + " tokens_key_id = NULL, tokens_ciphertext = NULL, token_expires_at = NULL, scopes = '{}',"
            + " status = 'active', updated_at = #{now} WHERE organization_id = #{organizationId} AND id = #{id}")
    int attachInstallation(@Param("organizationId") UUID organizationId, @Param("id") UUID id,
                           @Param("connectionId") String connectionId, @Param("oauthClientId") String oauthClientId,
                           @Param("now") Instant now);

    /**
     * Serializes claims of one provider connection across nodes and organizations until the transaction
     * ends (a transaction-scoped advisory lock on a hash of adapter id and connection id).
     */
    @Select("SELECT 1 FROM (SELECT pg_advisory_xact_lock(hashtextextended(#{providerAdapterId} || '|' || #{connectionId}, 0))) l")
    Integer lockConnection(@Param("providerAdapterId") String providerAdapterId,
                           @Param("connectionId") String connectionId);

    @Update("UPDATE integrations SET status = #{status}, updated_at = #{now}"
            + " WHERE organization_id = #{organizationId} AND id = #{id} AND status <> #{status}")
    int setStatus(@Param("organizationId") UUID organizationId, @Param("id") UUID id, @Param("status") String status,
                  @Param("now") Instant now);

    /** Disconnect: the row stays (bindings may point at it), its tokens go. */
    @Update("UPDATE integrations SET status = 'revoked', tokens_key_id = NULL, tokens_ciphertext = NULL,"
            + " token_expires_at = NULL, updated_at = #{now} WHERE organization_id = #{organizationId} AND id = #{id}")
    int disconnect(@Param("organizationId") UUID organizationId, @Param("id") UUID id, @Param("now") Instant now);

    @Update("<script>UPDATE integrations SET updated_at = #{now}"
            + "<if test='displayName != null'>, display_name = #{displayName}</if>"
            + "<if test='visibility != null'>, visibility = #{visibility}</if>"
            + " WHERE organization_id = #{organizationId} AND id = #{id}</script>")
    int patch(@Param("organizationId") UUID organizationId, @Param("id") UUID id,
              @Param("displayName") String displayName, @Param("visibility") String visibility,
              @Param("now") Instant now);

    /** Lifecycle webhooks: the provider names its connection, not our organization. */
    @Select("SELECT " + COLUMNS + " FROM integrations WHERE provider_adapter_id = #{providerAdapterId}"
            + " AND connection_id = #{connectionId} FOR UPDATE")
    List<Rows.IntegrationRow> byConnection(@Param("providerAdapterId") String providerAdapterId,
                                           @Param("connectionId") String connectionId);

    /** The organization's row for a provider connection (connection ids are unique per organization). */
    @Select("SELECT " + COLUMNS + " FROM integrations WHERE organization_id = #{organizationId}"
            + " AND connection_id = #{connectionId} FOR UPDATE")
    Rows.IntegrationRow lockByConnection(@Param("organizationId") UUID organizationId,
                                         @Param("connectionId") String connectionId);

    @Delete("DELETE FROM integrations WHERE organization_id = #{organizationId}")
    int deleteOrganization(@Param("organizationId") UUID organizationId);

    @Select("SELECT id::text AS id, tokens_key_id AS key_id, tokens_ciphertext AS ciphertext FROM integrations"
            + " WHERE tokens_key_id IS NOT NULL AND tokens_key_id <> #{activeKeyId}"
            + " ORDER BY id LIMIT #{limit} FOR UPDATE SKIP LOCKED")
    List<Rows.SealedRow> claimForReencryption(@Param("activeKeyId") String activeKeyId, @Param("limit") int limit);

    @Update("UPDATE integrations SET tokens_key_id = #{keyId}, tokens_ciphertext = #{ciphertext}"
            + " WHERE id = #{id}::uuid AND tokens_key_id = #{oldKeyId}")
    int reencrypt(@Param("id") String id, @Param("oldKeyId") String oldKeyId, @Param("keyId") String keyId,
                  @Param("ciphertext") String ciphertext);
}
