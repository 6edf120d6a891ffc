/**
 * Secrets API for other engine bundles: the AES-256-GCM {@link dev.switchboard.secrets.SecretCipher}
 * (ciphertexts carry the id of the key that sealed them, so keys rotate), the
 * {@link dev.switchboard.secrets.ReencryptionParticipant} every bundle with encrypted columns registers,
 * and the {@link dev.switchboard.secrets.SecretsReader} session start uses.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package dev.switchboard.secrets;
