package dev.switchboard.skills.internal;

import dev.switchboard.core.plugins.testing.TestPluginRegistry;
import dev.switchboard.foundation.Transaction;
import dev.switchboard.foundation.internal.UnitOfWorkService;
import dev.switchboard.foundation.testing.TestDatabase;
import dev.switchboard.identity.AuditLog;
import dev.switchboard.integrations.Integration;
import dev.switchboard.integrations.IntegrationLookup;
import dev.switchboard.integrations.ReconnectRequiredException;
import dev.switchboard.integrations.TokenResolver;
import dev.switchboard.integrations.Visibility;
import dev.switchboard.llm.LlmProvider;
import dev.switchboard.llm.OrganizationLlm;
import dev.switchboard.llm.OrganizationLlmSettings;
import dev.switchboard.rest.Caller;
import dev.switchboard.rest.Role;
import dev.switchboard.spi.AccessToken;
import dev.switchboard.spi.PluginDescriptor;
import dev.switchboard.spi.SecretValue;
import dev.switchboard.spi.provider.AuthKind;
import dev.switchboard.spi.provider.IntegrationStatus;
import dev.switchboard.spi.provider.ProviderAdapter;
import dev.switchboard.spi.provider.ProviderContext;
import dev.switchboard.spi.provider.SkillVariable;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import javax.ws.rs.core.SecurityContext;

/**
 * The skills bundle's services on a real database; the plugin registry, integrations, tokens and the audit log are
 * played by small in-test implementations (they belong to other bundles).
 */
final class SkillsFixture {

    static final String PUBLIC_URL = "https://switchboard.example.com";

    final TestDatabase db;
    final UnitOfWorkService unitOfWork;
    final SkillsStore store;
    final TestPluginRegistry registry = new TestPluginRegistry();
    final FakeIntegrations integrations = new FakeIntegrations();
    final FakeTokens tokens = new FakeTokens();
    final FakeAuditLog audit = new FakeAuditLog();
    final FakeLlmSettings llm = new FakeLlmSettings();
    /** Provider adapter id → its deployment configuration, as the integrations bundle would hand it over. */
    final Map<String, Map<String, Object>> providerConfig = new ConcurrentHashMap<>();
    final DeployedSkills deployed;
    final CapabilityProfiles profiles;
    final SkillRenderer renderer;
    final SkillCatalog catalog;
    final SkillAdmin admin;
    final SkillReader reader;
    final SkillsResource resource;

    SkillsFixture(TestDatabase db) {
        this.db = db;
        unitOfWork = new UnitOfWorkService(db.dataSource());
        store = new SkillsStore(unitOfWork);
        deployed = new DeployedSkills(registry);
        profiles = new CapabilityProfiles(registry, integrations, llm, Map.of("publicUrl", PUBLIC_URL + "/"));
        renderer = new SkillRenderer(profiles, tokens, integration -> new ProviderContext(
                integration.organizationId().toString(), integration.id().toString(), integration.connectionId(),
                providerConfig.getOrDefault(integration.providerAdapterId(), Map.of()), java.time.Clock.systemUTC()));
        catalog = new SkillCatalog(deployed, store, renderer);
        admin = new SkillAdmin(store, profiles, audit);
        reader = new SkillReader(catalog, renderer, profiles, admin);
        resource = new SkillsResource(reader, admin);
    }

    UUID organization() {
        UUID id = UUID.randomUUID();
        db.execute("INSERT INTO organizations (id, name, slug) VALUES ('" + id + "', 'Org', 'org-" + id + "')");
        return id;
    }

    /** A user with {@code role} in {@code organizationId}, calling with an API key. */
    Caller user(UUID organizationId, Role role) {
        UUID user = UUID.randomUUID();
        db.execute("INSERT INTO users (id, email, name) VALUES ('" + user + "', '" + user + "@example.com', 'U')");
        db.execute("INSERT INTO members (organization_id, user_id, role) VALUES ('" + organizationId + "', '" + user
                + "', '" + role.wireName() + "')");
        return new Caller(Caller.Kind.API_KEY, user, organizationId, role, null, null, UUID.randomUUID(), false);
    }

    static Caller sessionToken(Caller user) {
        return new Caller(Caller.Kind.SESSION_TOKEN, user.userId(), user.organizationId(), Role.MEMBER, null,
                UUID.randomUUID(), UUID.randomUUID(), false);
    }

    static SecurityContext security(Caller caller) {
        return dev.switchboard.rest.testing.TestSecurity.of(caller);
    }

    /** An active integration of {@code service} served by the adapter {@code adapterId}. */
    Integration integration(UUID organizationId, String service, String adapterId, Visibility visibility, UUID createdBy) {
        Integration integration = new Integration(UUID.randomUUID(), organizationId, service, adapterId,
                "conn-" + service, service, List.of(), IntegrationStatus.ACTIVE, visibility, createdBy, Instant.now(),
                Instant.now());
        integrations.all.add(0, integration);
        return integration;
    }

    /** A skill file of a bundle, as the extender hands it over. */
    void deployFile(long bundleId, String bundleName, String markdown, String fileSlug) {
        deployed.addBundle(bundleId, bundleName, List.of(SkillTexts.definition(SkillTexts.parseMarkdown(markdown), fileSlug)));
    }

    /** A provider adapter for tests: fills its variables from {@code values}, one fresh token per call. */
    static final class TestAdapter implements ProviderAdapter {
        final String id;
        final String service;
        final Set<String> capabilities;
        final Map<String, String> values;
        final AtomicInteger calls = new AtomicInteger();

        TestAdapter(String id, String service, Set<String> capabilities, Map<String, String> values) {
            this.id = id;
            this.service = service;
            this.capabilities = capabilities;
            this.values = values;
        }

        @Override
        public PluginDescriptor descriptor() {
            return PluginDescriptor.of(id, Character.toUpperCase(id.charAt(0)) + id.substring(1), "1.0.0", "test adapter");
        }

        @Override
        public String service() {
            return service;
        }

        @Override
        public AuthKind authKind() {
            return AuthKind.API_KEY;
        }

        @Override
        public Set<String> satisfiedCapabilities() {
            return capabilities;
        }

        @Override
        public List<SkillVariable> skillVariables() {
            return values.keySet().stream().sorted().map(name -> new SkillVariable(name, name, true)).toList();
        }

        @Override
        public Map<String, SecretValue> skillVariableValues(ProviderContext context, AccessToken token) {
            calls.incrementAndGet();
            Map<String, SecretValue> result = new java.util.LinkedHashMap<>();
            values.forEach((name, value) -> {
                if (value != null) {
                    String filled = value.replace("$TOKEN", token.value().reveal());
                    if (filled.startsWith("$CONFIG:")) {
                        Object configured = context.config().get(filled.substring("$CONFIG:".length()));
                        filled = configured == null ? "https://default.example" : configured.toString();
                    }
                    result.put(name, SecretValue.of(filled));
                }
            });
            return result;
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
            return all.stream().filter(i -> i.organizationId().equals(organizationId) && i.service().equals(service))
                    .toList();
        }
    }

    /** Mints a new token on every call, as a fresh token at render time would be. */
    static final class FakeTokens implements TokenResolver {
        final AtomicInteger minted = new AtomicInteger();
        final Map<UUID, Boolean> expired = new ConcurrentHashMap<>();

        @Override
        public AccessToken resolve(UUID organizationId, UUID integrationId) {
            if (expired.containsKey(integrationId)) {
                throw new ReconnectRequiredException(integrationId, "ats", IntegrationStatus.EXPIRED);
            }
            return AccessToken.bearer("tok-" + integrationId.toString().substring(0, 8) + "-" + minted.incrementAndGet());
        }

        @Override
        public AccessToken refreshAfterUnauthorized(UUID organizationId, UUID integrationId, AccessToken rejected) {
            return resolve(organizationId, integrationId);
        }
    }

    /** The LLM bundle's organization settings: what an admin stored, the key as it would be decrypted. */
    static final class FakeLlmSettings implements OrganizationLlmSettings {
        final Map<UUID, OrganizationLlm> settings = new ConcurrentHashMap<>();
        final Map<UUID, String> keys = new ConcurrentHashMap<>();
        final AtomicInteger opened = new AtomicInteger();
        volatile boolean keysLost;

        void set(UUID organizationId, LlmProvider provider, String model, String key) {
            set(organizationId, provider, model, key, true);
        }

        /** {@code shared}: whether the admin lets members' skills read the key. */
        void set(UUID organizationId, LlmProvider provider, String model, String key, boolean shared) {
            settings.put(organizationId, new OrganizationLlm(organizationId, provider,
                    provider.defaultEndpoint().orElseThrow(), model, key != null, shared));
            if (key != null) {
                keys.put(organizationId, key);
            }
        }

        @Override
        public Optional<OrganizationLlm> find(UUID organizationId) {
            return Optional.ofNullable(settings.get(organizationId));
        }

        @Override
        public Optional<SecretValue> apiKey(UUID organizationId) {
            if (keysLost) {
                throw new IllegalStateException("UNKNOWN_KEY_ID");
            }
            opened.incrementAndGet();
            return Optional.ofNullable(keys.get(organizationId)).map(SecretValue::of);
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
}
