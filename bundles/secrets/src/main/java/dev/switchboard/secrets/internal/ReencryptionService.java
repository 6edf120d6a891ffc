package dev.switchboard.secrets.internal;

import dev.switchboard.secrets.ReencryptionParticipant;
import dev.switchboard.secrets.SecretCipher;
import dev.switchboard.secrets.SecretCipherException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs every {@link ReencryptionParticipant} under one snapshot of the configured keys. A participant that
 * fails does not stop the others; the report says which failed, and running again is safe.
 */
@Component(service = ReencryptionService.class)
public class ReencryptionService {

    private static final Logger LOG = LoggerFactory.getLogger(ReencryptionService.class);

    private final Supplier<SecretCipher> cipher;
    private final List<ReencryptionParticipant> participants = new CopyOnWriteArrayList<>();

    @Activate
    public ReencryptionService(@Reference ConfiguredSecretCipher cipher) {
        this(cipher::snapshot);
    }

    ReencryptionService(Supplier<SecretCipher> cipher) {
        this.cipher = cipher;
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void addParticipant(ReencryptionParticipant participant) {
        participants.add(participant);
    }

    void removeParticipant(ReencryptionParticipant participant) {
        participants.remove(participant);
    }

    /**
     * Re-encrypts everything under the active key.
     *
     * @throws SecretCipherException {@code KEYS_MISSING}/{@code KEYS_INVALID} when no usable keys are configured
     */
    public ReencryptionReport runAll() {
        SecretCipher snapshot = cipher.get();
        String activeKeyId = snapshot.activeKeyId();
        List<ReencryptionParticipant> ordered = new ArrayList<>(participants);
        ordered.sort(Comparator.comparing(ReencryptionParticipant::name));
        List<ReencryptionReport.Result> results = new ArrayList<>();
        long total = 0;
        boolean complete = true;
        for (ReencryptionParticipant participant : ordered) {
            try {
                long count = participant.reencrypt(snapshot);
                total += count;
                results.add(new ReencryptionReport.Result(participant.name(), count, null));
                LOG.info("re-encrypted {} value(s) of {} under key '{}'", count, participant.name(), activeKeyId);
            } catch (SecretCipherException e) {
                complete = false;
                results.add(new ReencryptionReport.Result(participant.name(), 0, e.reason().code() + ": " + e.getMessage()));
                LOG.error("re-encryption of {} under key '{}' failed: {}", participant.name(), activeKeyId, e.getMessage());
            } catch (RuntimeException e) {
                complete = false;
                String errorId = UUID.randomUUID().toString();
                results.add(new ReencryptionReport.Result(participant.name(), 0, "failed with "
                        + e.getClass().getSimpleName() + "; see error " + errorId + " in the server log"));
                LOG.error("re-encryption of {} under key '{}' failed, error {}", participant.name(), activeKeyId,
                        errorId, e);
            }
        }
        return new ReencryptionReport(activeKeyId, results, total, complete);
    }
}
