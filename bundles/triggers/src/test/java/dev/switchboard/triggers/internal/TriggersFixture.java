package dev.switchboard.triggers.internal;

import dev.switchboard.core.plugins.testing.TestPluginRegistry;
import dev.switchboard.foundation.Transaction;
import dev.switchboard.foundation.internal.UnitOfWorkService;
import dev.switchboard.foundation.testing.TestDatabase;
import dev.switchboard.identity.AuditLog;
import dev.switchboard.integrations.Integration;
import dev.switchboard.integrations.IntegrationLookup;
import dev.switchboard.rest.Caller;
import dev.switchboard.rest.Role;
import dev.switchboard.runs.NewRun;
import dev.switchboard.runs.RunHandoff;
import dev.switchboard.runs.internal.RunsService;
import dev.switchboard.runs.internal.RunsStore;
import dev.switchboard.secrets.internal.TestCiphers;
import dev.switchboard.spi.SecretValue;
import dev.switchboard.spi.WebhookRequest;
import dev.switchboard.spi.trigger.WebhookSignatures;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/** The triggers bundle's services on a real database, with the plugin registry and integrations played by fakes. */
final class TriggersFixture {

    final TestDatabase db;
    final MutableClock clock = new MutableClock();
    final UnitOfWorkService unitOfWork;
    final TriggersStore store;
    final RunsService runs;
    final FailingHandoff handoff;
    final TestPluginRegistry registry = new TestPluginRegistry();
    final FakeIntegrations integrations = new FakeIntegrations();
    final FakeAuditLog audit = new FakeAuditLog();
    final TriggerSecrets secrets;
    final FakeSkills skills = new FakeSkills();
    final dev.switchboard.inbox.internal.InboxService inboxService;
    final InboxLink inbox;
    final EventIntake intake;
    final TriggerWebhooks webhooks;

    TriggersFixture(TestDatabase db) {
        this.db = db;
        unitOfWork = new UnitOfWorkService(db.dataSource());
        store = new TriggersStore(unitOfWork);
        runs = new RunsService(new RunsStore(unitOfWork));
        handoff = new FailingHandoff(runs);
        secrets = new TriggerSecrets(TestCiphers.cipher("k1:" + TestCiphers.newKey(), "k1"), store);
        inboxService = new dev.switchboard.inbox.internal.InboxService(
                new dev.switchboard.inbox.internal.InboxStore(unitOfWork), runs, skills);
        inbox = new InboxLink(inboxService);
        intake = new EventIntake(store, runs, handoff, inbox, clock);
        webhooks = new TriggerWebhooks(store, registry, secrets, intake, clock);
        registry.add(new CustomTriggerSource());
    }

    UUID organization() throws Exception {
        UUID id = UUID.randomUUID();
        db.execute("INSERT INTO organizations (id, name, slug) VALUES ('" + id + "', 'Org', 'org-" + id + "')");
        return id;
    }

    UUID automation(UUID organizationId, boolean enabled) {
        UUID id = UUID.randomUUID();
        db.execute("INSERT INTO automations (id, organization_id, name, enabled) VALUES ('" + id + "', '" + organizationId
                + "', 'Triage', " + enabled + ")");
        return id;
    }

    /** Inserts an integration row (owned by the integrations bundle) so foreign keys hold; returns it. */
    Integration integration(UUID organizationId, String service) throws Exception {
        UUID id = UUID.randomUUID();
        try (Connection connection = db.dataSource().getConnection();
             PreparedStatement insert = connection.prepareStatement("INSERT INTO integrations (id, organization_id, service,"
                     + " provider_adapter_id, connection_id, display_name, status, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, 'active', now(), now())")) {
            insert.setObject(1, id);
            insert.setObject(2, organizationId);
            insert.setString(3, service);
            insert.setString(4, service);
            insert.setString(5, id.toString());
            insert.setString(6, service);
            insert.executeUpdate();
        }
        Integration integration = new Integration(id, organizationId, service, service, id.toString(), service, List.of(),
                dev.switchboard.spi.provider.IntegrationStatus.ACTIVE, dev.switchboard.integrations.Visibility.ORG, null,
                Instant.now(), Instant.now());
        integrations.all.add(integration);
        return integration;
    }

    /** Inserts a trigger directly; returns its row. */
    Rows.TriggerRow trigger(UUID organizationId, UUID automationId, String source, String mode, String config,
                            String secret, UUID integrationId, boolean enabled) {
        var sealed = secrets.seal(secret);
        UUID id = UUID.randomUUID();
        Rows.TriggerRow row = new Rows.TriggerRow(id, organizationId, automationId, source, mode, enabled, integrationId,
                config, "webhook".equals(mode) ? TriggerSecrets.newWebhookPath() : null, sealed.keyId(), sealed.value(),
                "polling".equals(mode) ? "*/5 * * * *" : null, null, null, null, null, null, null, Targets.AUTOMATION,
                null, null);
        unitOfWork.run(tx -> store.triggers(tx).insert(row));
        return unitOfWork.inTransaction(tx -> store.triggers(tx).byId(id));
    }

    static WebhookRequest signed(String body, String secret, Map<String, List<String>> extraHeaders) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        String signature = "sha256=" + HexFormat.of().formatHex(WebhookSignatures.hmacSha256(SecretValue.of(secret), bytes));
        Map<String, List<String>> headers = new java.util.HashMap<>(extraHeaders);
        headers.put("X-Webhook-Signature", List.of(signature));
        return new WebhookRequest(bytes, headers, "/t/x", Map.of());
    }

    long count(String sql) {
        return ((Number) db.queryValue(sql)).longValue();
    }

    /** An admin of {@code organizationId}, stored as a user so that created_by references hold. */
    Caller admin(UUID organizationId) {
        UUID user = UUID.randomUUID();
        db.execute("INSERT INTO users (id, email, name) VALUES ('" + user + "', '" + user + "@example.com', 'Admin')");
        return new Caller(Caller.Kind.API_KEY, user, organizationId, Role.ADMIN, null, null, UUID.randomUUID(), false);
    }

    /**
     * The real hand-off, made to fail a chosen number of times, and to hold the runs of one organization until a
     * latch opens (deliveries that keep the webhooks' transaction slots busy).
     */
    static final class FailingHandoff implements RunHandoff {
        final RunHandoff delegate;
        final AtomicInteger failuresLeft = new AtomicInteger();
        final AtomicInteger holding = new AtomicInteger();
        volatile UUID holdOrganization;
        volatile java.util.concurrent.CountDownLatch holdUntil;

        FailingHandoff(RunHandoff delegate) {
            this.delegate = delegate;
        }

        @Override
        public Optional<UUID> createRun(Transaction tx, NewRun run) {
            return createRun(tx, dev.switchboard.foundation.Ids.newId(), run);
        }

        @Override
        public Optional<UUID> createRun(Transaction tx, UUID runId, NewRun run) {
            if (failuresLeft.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                throw new IllegalStateException("hand-off failure injected by the test");
            }
            return delegate.createRun(tx, runId, run);
        }

        @Override
        public java.util.Set<UUID> createRuns(Transaction tx, Map<UUID, NewRun> runs) {
            if (failuresLeft.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                throw new IllegalStateException("hand-off failure injected by the test");
            }
            if (runs.values().stream().anyMatch(run -> run.organizationId().equals(holdOrganization))) {
                holding.incrementAndGet();
                try {
                    if (!holdUntil.await(10, java.util.concurrent.TimeUnit.SECONDS)) {
                        throw new IllegalStateException("held for longer than 10 s");
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
            }
            return delegate.createRuns(tx, runs);
        }

        @Override
        public boolean cancelQueued(Transaction tx, UUID organizationId, UUID triggerEventId, String reason) {
            return delegate.cancelQueued(tx, organizationId, triggerEventId, reason);
        }
    }

    /** The skills bundle as the inbox sees it: skills per organization, each with match settings. */
    static final class FakeSkills implements dev.switchboard.skills.Skills {
        final Map<UUID, List<dev.switchboard.skills.ResolvedSkill>> skills = new java.util.concurrent.ConcurrentHashMap<>();

        void add(UUID organizationId, String slug, java.util.Set<dev.switchboard.spi.skill.MatchSource> sources) {
            var settings = dev.switchboard.spi.skill.MatchSettings.of(sources, "about " + slug, List.of(),
                    new dev.switchboard.spi.skill.SkillAct.Notify());
            var definition = new dev.switchboard.skills.SkillDefinition(slug, slug, "", "Handle " + slug + ".", List.of(),
                    dev.switchboard.skills.SkillRole.MEMBER, settings, true);
            skills.computeIfAbsent(organizationId, org -> new CopyOnWriteArrayList<>()).add(
                    new dev.switchboard.skills.ResolvedSkill(definition, dev.switchboard.skills.SkillSource.DEPLOYED,
                            null, 0, "test-pack", null));
        }

        @Override
        public List<dev.switchboard.skills.ResolvedSkill> effective(UUID organizationId, UUID userId) {
            return skills.getOrDefault(organizationId, List.of());
        }

        @Override
        public Optional<dev.switchboard.skills.ResolvedSkill> find(UUID organizationId, UUID userId, String slug) {
            return effective(organizationId, userId).stream().filter(skill -> skill.slug().equals(slug)).findFirst();
        }

        @Override
        public dev.switchboard.skills.RenderedSkill render(UUID organizationId, UUID userId, String slug) {
            throw new UnsupportedOperationException("triggers never render skills");
        }
    }

    static final class FakeIntegrations implements IntegrationLookup {
        final List<Integration> all = new CopyOnWriteArrayList<>();

        @Override
        public Optional<Integration> get(UUID organizationId, UUID integrationId) {
            return all.stream().filter(i -> i.organizationId().equals(organizationId) && i.id().equals(integrationId))
                    .findFirst();
        }

        @Override
        public Optional<Integration> findActive(UUID organizationId, String service) {
            return list(organizationId, service).stream().filter(Integration::isActive).findFirst();
        }

        @Override
        public List<Integration> list(UUID organizationId, String service) {
            return all.stream().filter(i -> i.organizationId().equals(organizationId) && i.service().equals(service)).toList();
        }
    }

    static final class FakeAuditLog implements AuditLog {
        final List<String> actions = new CopyOnWriteArrayList<>();

        @Override
        public void record(Transaction tx, UUID organizationId, Caller actor, String action, String targetType,
                           String targetId, Map<String, Object> details) {
            if (tx == null) {
                throw new IllegalStateException("audit outside a transaction");
            }
            actions.add(action);
        }
    }

    /** A clock the test moves by hand. */
    static final class MutableClock extends Clock {
        private volatile Instant now = Instant.now();

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
