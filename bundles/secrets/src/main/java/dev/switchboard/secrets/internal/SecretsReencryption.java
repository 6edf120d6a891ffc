package dev.switchboard.secrets.internal;

import dev.switchboard.secrets.Ciphertext;
import dev.switchboard.secrets.ReencryptionParticipant;
import dev.switchboard.secrets.SecretCipher;
import dev.switchboard.secrets.SecretCipherException;
import java.util.List;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * Moves {@code secrets} rows to the active key, one batch per transaction. Rows are claimed with
 * {@code FOR UPDATE SKIP LOCKED}, so nodes running at once share the work, and edits of other rows go on.
 */
@Component(service = ReencryptionParticipant.class)
public class SecretsReencryption implements ReencryptionParticipant {

    static final int DEFAULT_BATCH = 100;

    private final SecretsStore store;
    private final int batchSize;

    @Activate
    public SecretsReencryption(@Reference SecretsStore store) {
        this(store, DEFAULT_BATCH);
    }

    SecretsReencryption(SecretsStore store, int batchSize) {
        this.store = store;
        this.batchSize = batchSize;
    }

    @Override
    public String name() {
        return SecretsStore.MODULE;
    }

    @Override
    public long reencrypt(SecretCipher cipher) {
        String activeKeyId = cipher.activeKeyId();
        long total = 0;
        while (true) {
            int done = store.inTransaction(mapper -> batch(mapper, cipher, activeKeyId));
            total += done;
            if (done < batchSize) {
                return total;
            }
        }
    }

    private int batch(SecretsMapper mapper, SecretCipher cipher, String activeKeyId) {
        List<SealedSecretRow> rows = mapper.claimForReencryption(activeKeyId, batchSize);
        for (SealedSecretRow row : rows) {
            Ciphertext fresh;
            try {
                fresh = cipher.reencrypt(row.sealed());
            } catch (SecretCipherException e) {
                // the whole batch rolls back: nothing is half-rotated, and the row keeps its ciphertext
                throw new SecretCipherException(e.reason(), e.keyId(), "secret " + row.getKey() + " (id "
                        + row.getId() + ", organization " + row.getOrganizationId() + "): " + e.getMessage());
            }
            mapper.reencryptSecret(row.getOrganizationId(), row.getId(), row.getKeyId(), fresh.keyId(), fresh.value());
        }
        return rows.size();
    }
}
