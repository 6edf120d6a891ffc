package dev.switchboard.identity.internal;

import dev.switchboard.foundation.Ids;
import dev.switchboard.identity.AuditLog;
import dev.switchboard.rest.ApiProblem;
import dev.switchboard.rest.Caller;
import dev.switchboard.rest.PageRequest;
import dev.switchboard.rest.Role;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** API keys: random, shown once, stored hashed with a visible prefix, optionally expiring, revocable. */
@Component(service = ApiKeyService.class)
public class ApiKeyService {

    private final IdentityStore store;
    private final AuditLog audit;
    private final Clock clock = Clock.systemUTC();

    @Activate
    public ApiKeyService(@Reference IdentityStore store, @Reference AuditLog audit) {
        this.store = store;
        this.audit = audit;
    }

    Views.ApiKeyView create(Caller caller, String name, String expiresAt) {
        UUID organizationId = caller.requireOrganization();
        UUID userId = caller.requireUser();
        String validName = Inputs.name("name", name, 100);
        Instant expiry = parseExpiry(expiresAt);
        String key = Tokens.generate(Tokens.API_KEY);
        UUID id = Ids.newId();
        Rows.ApiKey row = store.unitOfWork().inTransaction(tx -> {
            store.credentials(tx).insertApiKey(id, organizationId, userId, validName, Tokens.visiblePrefix(key),
                    Tokens.hash(key), expiry);
            audit.record(tx, organizationId, caller, "api_key.created", "api_key", id.toString(),
                    Map.of("name", validName, "prefix", Tokens.visiblePrefix(key)));
            return store.credentials(tx).apiKey(organizationId, id);
        });
        Views.ApiKeyView view = Views.ApiKeyView.of(row);
        return new Views.ApiKeyView(view.id(), view.name(), view.prefix(), view.userId(), view.createdAt(),
                view.expiresAt(), null, null, key);
    }

    /** Members see their own keys; admins and owners see every key of the organization. */
    PageRequest.Page<Views.ApiKeyView> list(Caller caller, PageRequest page) {
        UUID organizationId = caller.requireOrganization();
        UUID onlyUser = caller.role() != null && caller.role().atLeast(Role.ADMIN) ? null : caller.requireUser();
        UUID after = page.after() == null ? null : Inputs.id("cursor", page.after());
        List<Rows.ApiKey> rows = store.unitOfWork().inTransaction(tx ->
                store.credentials(tx).apiKeys(organizationId, onlyUser, after, page.limit() + 1));
        return page.page(rows.stream().map(Views.ApiKeyView::of).toList(), key -> key.id().toString());
    }

    void revoke(Caller caller, UUID id) {
        UUID organizationId = caller.requireOrganization();
        store.unitOfWork().run(tx -> {
            Rows.ApiKey key = store.credentials(tx).apiKey(organizationId, id);
            boolean mayRevoke = key != null && (key.userId().equals(caller.userId())
                    || (caller.role() != null && caller.role().atLeast(Role.ADMIN)));
            if (!mayRevoke) {
                throw ApiProblem.notFound("api_key_not_found", "no such API key");
            }
            if (store.credentials(tx).revokeApiKey(organizationId, id) > 0) {
                audit.record(tx, organizationId, caller, "api_key.revoked", "api_key", id.toString(),
                        Map.of("prefix", key.prefix()));
            }
        });
    }

    private Instant parseExpiry(String expiresAt) {
        if (expiresAt == null || expiresAt.isBlank()) {
            return null;
        }
        try {
            Instant expiry = Instant.parse(expiresAt);
            if (!expiry.isAfter(clock.instant())) {
                throw Inputs.field("invalid_expiry", "expiresAt", "must be in the future");
            }
            return expiry;
        } catch (DateTimeParseException e) {
            throw Inputs.field("invalid_expiry", "expiresAt", "must be an ISO-8601 UTC time like 2027-01-31T00:00:00Z");
        }
    }
}
