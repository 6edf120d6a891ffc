package dev.switchboard.sessions.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.foundation.internal.SessionsTestSchema;
import dev.switchboard.foundation.internal.UnitOfWorkService;
import dev.switchboard.foundation.testing.TestDatabase;
import dev.switchboard.sessions.SessionRef;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class SessionsServiceTest {

    @RegisterExtension
    static final TestDatabase DB = TestDatabase.create().withSchema(SessionsTestSchema::apply);

    private UUID organization() throws Exception {
        UUID id = UUID.randomUUID();
        try (Connection connection = DB.dataSource().getConnection();
             PreparedStatement insert = connection.prepareStatement(
                     "INSERT INTO organizations (id, name, slug) VALUES (?, 'Org', ?)")) {
            insert.setObject(1, id);
            insert.setString(2, "org-" + id);
            insert.executeUpdate();
        }
        return id;
    }

    @Test
    void createdSessionIsFoundOnlyInItsOrganization() throws Exception {
        SessionsService sessions = new SessionsService(new UnitOfWorkService(DB.dataSource()));
        UUID org = organization();
        UUID other = organization();
        SessionRef session = sessions.create(org, null, "coding", "Fix the build");

        assertEquals("pending", session.status());
        assertEquals("Fix the build", sessions.get(org, session.id()).orElseThrow().title());
        assertTrue(sessions.get(other, session.id()).isEmpty());
    }

    @Test
    void connectionsAreScopedAndIdempotent() throws Exception {
        SessionsService sessions = new SessionsService(new UnitOfWorkService(DB.dataSource()));
        UUID org = organization();
        UUID other = organization();
        SessionRef session = sessions.create(org, null, "coding", null);
        UUID integration = UUID.randomUUID();

        sessions.connect(org, session.id(), integration);
        sessions.connect(org, session.id(), integration);
        sessions.connect(other, session.id(), UUID.randomUUID()); // not the other organization's session

        assertEquals(List.of(integration), sessions.connectedIntegrations(org, session.id()));
        assertEquals(List.of(), sessions.connectedIntegrations(other, session.id()));
    }

    @Test
    void organizationDeletionRemovesSessions() throws Exception {
        UnitOfWorkService unitOfWork = new UnitOfWorkService(DB.dataSource());
        SessionsService sessions = new SessionsService(unitOfWork);
        UUID org = organization();
        SessionRef session = sessions.create(org, null, "coding", null);
        sessions.connect(org, session.id(), UUID.randomUUID());

        unitOfWork.run(tx -> sessions.deleteOrganizationData(tx, org));

        assertTrue(sessions.get(org, session.id()).isEmpty());
    }
}
