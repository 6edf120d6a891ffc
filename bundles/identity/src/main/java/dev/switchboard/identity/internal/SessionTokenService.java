package dev.switchboard.identity.internal;

import dev.switchboard.foundation.Ids;
import dev.switchboard.identity.SessionTokens;
import java.util.UUID;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** Agent session tokens: issued for one session, stored hashed, revoked when it ends. */
@Component(service = SessionTokens.class)
public class SessionTokenService implements SessionTokens {

    private final IdentityStore store;

    @Activate
    public SessionTokenService(@Reference IdentityStore store) {
        this.store = store;
    }

    @Override
    public String issue(UUID organizationId, UUID sessionId, UUID userId) {
        String token = Tokens.generate(Tokens.SESSION_TOKEN);
        store.unitOfWork().run(tx -> store.credentials(tx).insertSessionToken(Ids.newId(), organizationId, sessionId,
                userId, Tokens.hash(token)));
        return token;
    }

    @Override
    public void revokeAll(UUID organizationId, UUID sessionId) {
        store.unitOfWork().run(tx -> store.credentials(tx).revokeSessionTokens(organizationId, sessionId));
    }
}
