package dev.switchboard.secrets.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.switchboard.foundation.UnitOfWork;
import dev.switchboard.foundation.internal.UnitOfWorkService;
import dev.switchboard.foundation.testing.TestDatabase;
import dev.switchboard.rest.Role;
import java.security.SecureRandom;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class SecretsOrganizationDeletionTest {

    @RegisterExtension
    static final TestDatabase DB = TestDatabase.create().withSchema(SecretsSchema::apply);

    @Test
    void deletesOnlyTheOrganizationsSecretsAndBundlesInTheCallersTransaction() {
        UnitOfWork unitOfWork = new UnitOfWorkService(DB.dataSource());
        SecretsStore store = new SecretsStore(unitOfWork);
        AesGcmCipher cipher = Fakes.cipher("k1:" + Fakes.newKey(), "k1");
        Fakes.TickingClock clock = new Fakes.TickingClock();
        SecretsService service = new SecretsService(store, () -> cipher, new Fakes.FakeAuditLog(), clock,
                () -> dev.switchboard.foundation.Ids.newId(clock));
        UUID doomed = UUID.randomUUID();
        UUID kept = UUID.randomUUID();
        for (UUID org : new UUID[] {doomed, kept}) {
            BundleView bundle = service.createBundle(Fakes.caller(org, Role.ADMIN), new NewBundle("b", null, ".env"));
            service.importEnv(Fakes.caller(org, Role.ADMIN), new EnvImport("A=1\nB=2", null, bundle.id()));
        }
        SecretsOrganizationDeletion participant = new SecretsOrganizationDeletion(store);

        // a participant's work rolls back with the deletion that failed later
        try {
            unitOfWork.run(tx -> {
                participant.deleteOrganizationData(tx, doomed);
                throw new IllegalStateException("another participant failed");
            });
        } catch (IllegalStateException expected) {
            // the deletion is aborted
        }
        assertEquals(4L, DB.queryValue("SELECT count(*) FROM secrets"));

        unitOfWork.run(tx -> participant.deleteOrganizationData(tx, doomed));

        assertEquals(0L, DB.queryValue("SELECT count(*) FROM secrets WHERE organization_id = '" + doomed + "'"));
        assertEquals(0L, DB.queryValue("SELECT count(*) FROM secret_bundles WHERE organization_id = '" + doomed + "'"));
        assertEquals(2L, DB.queryValue("SELECT count(*) FROM secrets WHERE organization_id = '" + kept + "'"));
        assertEquals(1L, DB.queryValue("SELECT count(*) FROM secret_bundles WHERE organization_id = '" + kept + "'"));
        assertEquals("secrets", participant.name());
    }
}
