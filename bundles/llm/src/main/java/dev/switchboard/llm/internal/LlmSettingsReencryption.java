package dev.switchboard.llm.internal;

import dev.switchboard.secrets.Ciphertext;
import dev.switchboard.secrets.ReencryptionParticipant;
import dev.switchboard.secrets.SecretCipher;
import dev.switchboard.secrets.SecretCipherException;
import java.util.List;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * Moves organizations' LLM keys to the active encryption key after a rotation, one batch per transaction, rows
 * claimed with {@code FOR UPDATE SKIP LOCKED} so that several nodes share the work.
 */
@Component(service = ReencryptionParticipant.class)
public class LlmSettingsReencryption implements ReencryptionParticipant {

    static final int DEFAULT_BATCH = 100;

    private final LlmStore store;
    private final int batchSize;

    @Activate
    public LlmSettingsReencryption(@Reference LlmStore store) {
        this(store, DEFAULT_BATCH);
    }

    LlmSettingsReencryption(LlmStore store, int batchSize) {
        this.store = store;
        this.batchSize = batchSize;
    }

    @Override
    public String name() {
        return "llm settings";
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

    private int batch(LlmSettingsMapper mapper, SecretCipher cipher, String activeKeyId) {
        List<LlmSettingsRow> rows = mapper.claimForReencryption(activeKeyId, batchSize);
        for (LlmSettingsRow row : rows) {
            Ciphertext fresh;
            try {
                fresh = cipher.reencrypt(row.sealedKey());
            } catch (SecretCipherException e) {
                // the batch rolls back: the row keeps its ciphertext
                throw new SecretCipherException(e.reason(), e.keyId(), "LLM key of organization "
                        + row.organizationId() + ": " + e.getMessage());
            }
            mapper.reencrypt(row.organizationId(), row.apiKeyId(), fresh.keyId(), fresh.value());
        }
        return rows.size();
    }
}
