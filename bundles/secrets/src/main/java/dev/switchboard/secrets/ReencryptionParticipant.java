package dev.switchboard.secrets;

/**
 * Registered (as an OSGi service) by every bundle that keeps columns sealed by {@link SecretCipher}.
 * The re-encryption service ({@code POST /api/v1/secrets/reencrypt}, {@code switchboard:secrets-reencrypt})
 * calls every participant after a key rotation.
 *
 * <p>Contract: move every value not under {@link SecretCipher#activeKeyId()} to the active key, in small
 * transactions (each batch commits on its own, so the engine keeps serving), claiming rows with
 * {@code FOR UPDATE SKIP LOCKED} so several nodes may run at once. Idempotent: a second run finds nothing
 * to do. A value that cannot be opened must fail the run loudly ({@link SecretCipherException}) and leave
 * that value as it was.
 */
public interface ReencryptionParticipant {

    /** A short name for reports and logs, e.g. {@code secrets}. */
    String name();

    /**
     * Re-encrypts everything this participant owns that is not under the active key.
     *
     * @return how many values were re-encrypted
     */
    long reencrypt(SecretCipher cipher);
}
