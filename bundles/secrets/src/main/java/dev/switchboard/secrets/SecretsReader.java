package dev.switchboard.secrets;

import java.util.UUID;

/**
 * Engine-internal read access to decrypted secrets, for session start. Not reachable over REST.
 */
public interface SecretsReader {

    /** The scope of organization-wide secrets. */
    String ORGANIZATION_SCOPE = "";

    /**
     * The organization-wide secrets of {@code organizationId} merged with those of {@code scope} (a repo
     * or workspace key; a scoped secret wins over an organization-wide one of the same key), and an
     * {@link EnvFileSpec} for every bundle with a target path that holds any of those secrets.
     *
     * @param scope null or {@link #ORGANIZATION_SCOPE} for organization-wide secrets only
     * @throws SecretCipherException when any value cannot be decrypted (the message names the secret key
     *                               and key id, never the value): a session must not start with a silently
     *                               missing variable
     */
    SessionSecrets forSession(UUID organizationId, String scope);
}
