package dev.switchboard.integrations.internal;

import dev.switchboard.foundation.Transaction;
import dev.switchboard.secrets.Ciphertext;
import dev.switchboard.secrets.ReencryptionParticipant;
import dev.switchboard.secrets.SecretCipher;
import dev.switchboard.secrets.SecretCipherException;
import java.util.List;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * Moves sealed integration tokens, PKCE verifiers of pending states and own OAuth app secrets to the active
 * key, one batch per transaction, rows claimed with {@code FOR UPDATE SKIP LOCKED}. A token refresh holding
 * a row lock is skipped this round and writes under the active key anyway.
 */
@Component(service = ReencryptionParticipant.class)
public class IntegrationsReencryption implements ReencryptionParticipant {

    static final int DEFAULT_BATCH = 100;

    private final IntegrationsStore store;
    private final int batchSize;

    @Activate
    public IntegrationsReencryption(@Reference IntegrationsStore store) {
        this(store, DEFAULT_BATCH);
    }

    IntegrationsReencryption(IntegrationsStore store, int batchSize) {
        this.store = store;
        this.batchSize = batchSize;
    }

    @Override
    public String name() {
        return IntegrationsStore.MODULE;
    }

    @Override
    public long reencrypt(SecretCipher cipher) {
        String active = cipher.activeKeyId();
        return run(cipher, "integration", new Table() {
            public List<Rows.SealedRow> claim(Transaction tx) {
                return store.integrations(tx).claimForReencryption(active, batchSize);
            }

            public void write(Transaction tx, Rows.SealedRow row, Ciphertext fresh) {
                store.integrations(tx).reencrypt(row.id(), row.keyId(), fresh.keyId(), fresh.value());
            }
        }) + run(cipher, "oauth state", new Table() {
            public List<Rows.SealedRow> claim(Transaction tx) {
                return store.states(tx).claimForReencryption(active, batchSize);
            }

            public void write(Transaction tx, Rows.SealedRow row, Ciphertext fresh) {
                store.states(tx).reencrypt(row.id(), row.keyId(), fresh.keyId(), fresh.value());
            }
        }) + run(cipher, "oauth app", new Table() {
            public List<Rows.SealedRow> claim(Transaction tx) {
                return store.apps(tx).claimForReencryption(active, batchSize);
            }

            public void write(Transaction tx, Rows.SealedRow row, Ciphertext fresh) {
                store.apps(tx).reencrypt(row.id(), row.keyId(), fresh.keyId(), fresh.value());
            }
        });
    }

    private interface Table {
        List<Rows.SealedRow> claim(Transaction tx);

        void write(Transaction tx, Rows.SealedRow row, Ciphertext fresh);
    }

    private long run(SecretCipher cipher, String what, Table table) {
        long total = 0;
        while (true) {
            int done = store.unitOfWork().inTransaction(tx -> {
                List<Rows.SealedRow> rows = table.claim(tx);
                for (Rows.SealedRow row : rows) {
                    Ciphertext fresh;
                    try {
                        fresh = cipher.reencrypt(new Ciphertext(row.keyId(), row.ciphertext()));
                    } catch (SecretCipherException e) {
                        // the batch rolls back: the row keeps the ciphertext it had
                        throw new SecretCipherException(e.reason(), e.keyId(), what + " " + abbreviated(row.id())
                                + ": " + e.getMessage());
                    }
                    table.write(tx, row, fresh);
                }
                return rows.size();
            });
            total += done;
            if (done < batchSize) {
                return total;
            }
        }
    }

    /** State hashes are not secret, but there is no need to print them whole. */
    private static String abbreviated(String id) {
        return id.length() > 40 ? id.substring(0, 12) + "…" : id;
    }
}
