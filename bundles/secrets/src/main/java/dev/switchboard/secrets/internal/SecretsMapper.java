package dev.switchboard.secrets.internal;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.UUID;
import org.apache.ibatis.annotations.Param;

/**
 * Owner of tables {@code secrets} and {@code secret_bundles}. Every statement is scoped by organization,
 * except {@link #claimForReencryption}, which is deployment-wide by nature.
 */
public interface SecretsMapper {

    /** Inserts a secret unless its (organization, scope, key) exists; returns 1 when inserted, else 0. */
    int insertSecret(@Param("id") UUID id, @Param("organizationId") UUID organizationId, @Param("scope") String scope,
                     @Param("bundleId") UUID bundleId, @Param("key") String key, @Param("keyId") String keyId,
                     @Param("ciphertext") String ciphertext, @Param("description") String description,
                     @Param("createdBy") UUID createdBy, @Param("now") Instant now);

    SecretRow findSecret(@Param("organizationId") UUID organizationId, @Param("id") UUID id);

    /** Newest first; {@code scope}, {@code bundleId} and {@code beforeId} are optional. */
    List<SecretRow> listSecrets(@Param("organizationId") UUID organizationId, @Param("scope") String scope,
                                @Param("bundleId") UUID bundleId, @Param("beforeId") UUID beforeId,
                                @Param("limit") int limit);

    /** Changes the given fields; a {@code set*} flag false leaves that field alone. */
    int updateSecret(@Param("organizationId") UUID organizationId, @Param("id") UUID id,
                     @Param("setValue") boolean setValue, @Param("keyId") String keyId,
                     @Param("ciphertext") String ciphertext,
                     @Param("setDescription") boolean setDescription, @Param("description") String description,
                     @Param("setBundle") boolean setBundle, @Param("bundleId") UUID bundleId,
                     @Param("now") Instant now);

    int deleteSecret(@Param("organizationId") UUID organizationId, @Param("id") UUID id);

    /** Which of {@code keys} exist organization-wide or in {@code scope}. */
    List<String> existingKeys(@Param("organizationId") UUID organizationId, @Param("scope") String scope,
                              @Param("keys") Collection<String> keys);

    /** The sealed secrets that are organization-wide or in {@code scope}. */
    List<SealedSecretRow> sealedSecrets(@Param("organizationId") UUID organizationId, @Param("scope") String scope);

    /** Up to {@code limit} secrets not under {@code activeKeyId}, locked; rows other nodes hold are skipped. */
    List<SealedSecretRow> claimForReencryption(@Param("activeKeyId") String activeKeyId, @Param("limit") int limit);

    /** Replaces the ciphertext if it is still under {@code previousKeyId}. */
    int reencryptSecret(@Param("organizationId") UUID organizationId, @Param("id") UUID id,
                        @Param("previousKeyId") String previousKeyId, @Param("keyId") String keyId,
                        @Param("ciphertext") String ciphertext);

    int deleteOrganizationSecrets(@Param("organizationId") UUID organizationId);

    int deleteOrganizationBundles(@Param("organizationId") UUID organizationId);

    /** Inserts a bundle unless the organization has one of that name; returns 1 when inserted, else 0. */
    int insertBundle(@Param("id") UUID id, @Param("organizationId") UUID organizationId, @Param("name") String name,
                     @Param("description") String description, @Param("targetPath") String targetPath,
                     @Param("createdBy") UUID createdBy, @Param("now") Instant now);

    BundleRow findBundle(@Param("organizationId") UUID organizationId, @Param("id") UUID id);

    /** By name; {@code afterName} is optional. */
    List<BundleRow> listBundles(@Param("organizationId") UUID organizationId, @Param("afterName") String afterName,
                                @Param("limit") int limit);

    /** The organization's bundles that have a target path. */
    List<BundleRow> bundlesWithTargetPath(@Param("organizationId") UUID organizationId);

    boolean bundleNameTaken(@Param("organizationId") UUID organizationId, @Param("name") String name,
                            @Param("exceptId") UUID exceptId);

    int updateBundle(@Param("organizationId") UUID organizationId, @Param("id") UUID id,
                     @Param("setName") boolean setName, @Param("name") String name,
                     @Param("setDescription") boolean setDescription, @Param("description") String description,
                     @Param("setTargetPath") boolean setTargetPath, @Param("targetPath") String targetPath,
                     @Param("now") Instant now);

    int deleteBundle(@Param("organizationId") UUID organizationId, @Param("id") UUID id);
}
