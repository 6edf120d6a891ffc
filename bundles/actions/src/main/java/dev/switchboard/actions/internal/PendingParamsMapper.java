package dev.switchboard.actions.internal;

import java.util.UUID;
import org.apache.ibatis.annotations.Delete;
import org.apache.ibatis.annotations.Insert;
import org.apache.ibatis.annotations.Param;
import org.apache.ibatis.annotations.Select;

/** Owner of action_pending_params: sealed parameters of invocations waiting for approval. */
public interface PendingParamsMapper {

    @Insert("INSERT INTO action_pending_params (invocation_id, organization_id, key_id, ciphertext)"
            + " VALUES (#{invocationId}, #{organizationId}, #{keyId}, #{ciphertext})")
    int insert(@Param("organizationId") UUID organizationId, @Param("invocationId") UUID invocationId,
               @Param("keyId") String keyId, @Param("ciphertext") String ciphertext);

    @Select("SELECT key_id, ciphertext FROM action_pending_params WHERE organization_id = #{organizationId}"
            + " AND invocation_id = #{invocationId}")
    Rows.SealedParams find(@Param("organizationId") UUID organizationId, @Param("invocationId") UUID invocationId);

    @Delete("DELETE FROM action_pending_params WHERE organization_id = #{organizationId}"
            + " AND invocation_id = #{invocationId}")
    int delete(@Param("organizationId") UUID organizationId, @Param("invocationId") UUID invocationId);

    /** Sealed parameters of invocations that were decided without running (denied, expired). */
    @Delete("DELETE FROM action_pending_params p USING action_invocations i WHERE p.invocation_id = i.id"
            + " AND i.status IN ('denied', 'expired', 'completed', 'failed')")
    int deleteDecided();
}
