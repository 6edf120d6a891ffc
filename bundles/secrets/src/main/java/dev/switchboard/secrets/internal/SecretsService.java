package dev.switchboard.secrets.internal;

import dev.switchboard.identity.AuditLog;
import dev.switchboard.rest.ApiProblem;
import dev.switchboard.rest.Caller;
import dev.switchboard.secrets.Ciphertext;
import dev.switchboard.secrets.SecretCipher;
import dev.switchboard.secrets.SecretCipherException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Secrets and bundles of one organization at a time: every query carries the caller's organization, every
 * change is audited in its own transaction, and a value is encrypted before the transaction starts and
 * never leaves this class in any form but a {@link Ciphertext}.
 */
@Component(service = SecretsService.class)
public class SecretsService {

    static final int MAX_VALUE_CHARS = 65_536;
    static final int MAX_DESCRIPTION_CHARS = 1_000;
    static final int MAX_BUNDLE_NAME_CHARS = 100;
    static final int MAX_ENV_CHARS = 1_048_576;
    static final int MAX_ENV_ENTRIES = 1_000;
    static final int MAX_CHECK_KEYS = 500;
    static final Pattern SCOPE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:/@-]{0,199}");
    static final Set<String> SECRET_PATCH_FIELDS = Set.of("value", "description", "bundleId");
    static final Set<String> BUNDLE_PATCH_FIELDS = Set.of("name", "description", "targetPath");

    private static final Logger LOG = LoggerFactory.getLogger(SecretsService.class);
    private static final String SECRET_CURSOR = "s:";
    private static final String BUNDLE_CURSOR = "b:";

    private final SecretsStore store;
    private final Supplier<SecretCipher> cipher;
    private final AuditLog audit;
    private final Clock clock;
    private final Supplier<UUID> ids;

    @Activate
    public SecretsService(@Reference SecretsStore store, @Reference ConfiguredSecretCipher cipher,
                          @Reference AuditLog audit) {
        this(store, cipher::snapshot, audit, Clock.systemUTC(),
                () -> dev.switchboard.foundation.Ids.newId(Clock.systemUTC()));
    }

    SecretsService(SecretsStore store, Supplier<SecretCipher> cipher, AuditLog audit, Clock clock,
                   Supplier<UUID> ids) {
        this.store = store;
        this.cipher = cipher;
        this.audit = audit;
        this.clock = clock;
        this.ids = ids;
    }

    // ---- secrets

    SecretPage list(UUID organizationId, String scope, UUID bundleId, Integer limit, String cursor) {
        int pageSize = Cursors.limit(limit);
        String scopeFilter = scope == null ? null : scope(scope);
        UUID before = cursor == null || cursor.isBlank() ? null : Cursors.decodeId(cursor, SECRET_CURSOR);
        List<SecretRow> rows = store.inTransaction(
                mapper -> mapper.listSecrets(organizationId, scopeFilter, bundleId, before, pageSize + 1));
        List<SecretView> items = rows.stream().limit(pageSize).map(SecretView::of).toList();
        String next = rows.size() > pageSize ? Cursors.encode(SECRET_CURSOR + items.get(pageSize - 1).id()) : null;
        return new SecretPage(items, next);
    }

    SecretView get(UUID organizationId, UUID id) {
        SecretRow row = store.inTransaction(mapper -> mapper.findSecret(organizationId, id));
        if (row == null) {
            throw SecretsProblems.secretNotFound();
        }
        return SecretView.of(row);
    }

    SecretView create(Caller caller, NewSecret input) {
        UUID organizationId = caller.requireOrganization();
        if (input == null) {
            throw SecretsProblems.invalid("body", "expected a JSON object with key and value");
        }
        String key = key(input.key());
        String scope = scope(input.scope());
        String description = description(input.description());
        Ciphertext sealed = seal(value(input.value(), true));
        UUID id = ids.get();
        return store.unitOfWork().inTransaction(tx -> {
            SecretsMapper mapper = store.mapper(tx);
            requireBundleForSecret(mapper, organizationId, input.bundleId());
            if (mapper.insertSecret(id, organizationId, scope, input.bundleId(), key, sealed.keyId(), sealed.value(),
                    description, caller.userId(), now()) == 0) {
                throw SecretsProblems.secretExists(key, scope);
            }
            Map<String, Object> details = details("key", key, "scope", scope, "bundleId", input.bundleId());
            audit.record(tx, organizationId, caller, "secret.created", "secret", id.toString(), details);
            LOG.info("secret {} created in organization {} (scope '{}')", key, organizationId, scope);
            return SecretView.of(mapper.findSecret(organizationId, id));
        });
    }

    SecretView update(Caller caller, UUID id, Map<String, Object> body) {
        UUID organizationId = caller.requireOrganization();
        Patch patch = Patch.of(body, SECRET_PATCH_FIELDS);
        boolean setValue = patch.has("value");
        Ciphertext sealed = setValue ? seal(value(patch.string("value"), true)) : null;
        boolean setDescription = patch.has("description");
        String description = setDescription ? description(patch.string("description")) : null;
        boolean setBundle = patch.has("bundleId");
        UUID bundleId = setBundle ? patch.uuid("bundleId") : null;
        return store.unitOfWork().inTransaction(tx -> {
            SecretsMapper mapper = store.mapper(tx);
            SecretRow before = mapper.findSecret(organizationId, id);
            if (before == null) {
                throw SecretsProblems.secretNotFound();
            }
            if (setBundle) {
                requireBundleForSecret(mapper, organizationId, bundleId);
            }
            mapper.updateSecret(organizationId, id, setValue, setValue ? sealed.keyId() : null,
                    setValue ? sealed.value() : null, setDescription, description, setBundle, bundleId, now());
            Map<String, Object> details = details("key", before.getKey(), "scope", before.getScope(),
                    "valueChanged", setValue);
            if (setDescription) {
                details.put("descriptionChanged", true);
            }
            if (setBundle) {
                details.put("bundleId", bundleId == null ? "" : bundleId.toString());
            }
            audit.record(tx, organizationId, caller, "secret.updated", "secret", id.toString(), details);
            LOG.info("secret {} updated in organization {}", before.getKey(), organizationId);
            return SecretView.of(mapper.findSecret(organizationId, id));
        });
    }

    void delete(Caller caller, UUID id) {
        UUID organizationId = caller.requireOrganization();
        store.unitOfWork().run(tx -> {
            SecretsMapper mapper = store.mapper(tx);
            SecretRow row = mapper.findSecret(organizationId, id);
            if (row == null || mapper.deleteSecret(organizationId, id) == 0) {
                throw SecretsProblems.secretNotFound();
            }
            audit.record(tx, organizationId, caller, "secret.deleted", "secret", id.toString(),
                    details("key", row.getKey(), "scope", row.getScope()));
            LOG.info("secret {} deleted in organization {}", row.getKey(), organizationId);
        });
    }

    List<KeyPresence> check(UUID organizationId, KeyCheck input) {
        if (input == null || input.keys() == null || input.keys().isEmpty()) {
            throw SecretsProblems.invalid("keys", "must list at least one key");
        }
        if (input.keys().size() > MAX_CHECK_KEYS) {
            throw SecretsProblems.invalid("keys", "may list at most " + MAX_CHECK_KEYS + " keys");
        }
        Set<String> keys = new LinkedHashSet<>();
        for (String key : input.keys()) {
            keys.add(key("keys", key));
        }
        String scope = scope(input.scope());
        Set<String> existing = Set.copyOf(store.inTransaction(mapper -> mapper.existingKeys(organizationId, scope, keys)));
        return keys.stream().map(key -> new KeyPresence(key, existing.contains(key))).toList();
    }

    ImportReport importEnv(Caller caller, EnvImport input) {
        UUID organizationId = caller.requireOrganization();
        if (input == null || input.envText() == null) {
            throw SecretsProblems.invalid("envText", "is required");
        }
        if (input.envText().length() > MAX_ENV_CHARS) {
            throw SecretsProblems.envTooLarge(MAX_ENV_CHARS, MAX_ENV_ENTRIES);
        }
        String scope = scope(input.scope());
        List<EnvParser.Entry> entries;
        try {
            entries = EnvParser.parse(input.envText());
        } catch (EnvParseException e) {
            throw SecretsProblems.envParseError(e);
        }
        if (entries.isEmpty()) {
            throw SecretsProblems.invalid("envText", "contains no KEY=VALUE line");
        }
        if (entries.size() > MAX_ENV_ENTRIES) {
            throw SecretsProblems.envTooLarge(MAX_ENV_CHARS, MAX_ENV_ENTRIES);
        }
        Map<String, Ciphertext> sealed = new LinkedHashMap<>();
        for (EnvParser.Entry entry : entries) {
            if (entry.value().length() > MAX_VALUE_CHARS) {
                throw SecretsProblems.envParseError(new EnvParseException(entry.line(),
                        "the value is longer than " + MAX_VALUE_CHARS + " characters"));
            }
            sealed.put(entry.key(), seal(entry.value()));
        }
        Instant now = now();
        return store.unitOfWork().inTransaction(tx -> {
            SecretsMapper mapper = store.mapper(tx);
            requireBundleForSecret(mapper, organizationId, input.bundleId());
            List<String> created = new ArrayList<>();
            List<String> skipped = new ArrayList<>();
            for (Map.Entry<String, Ciphertext> entry : sealed.entrySet()) {
                Ciphertext value = entry.getValue();
                boolean inserted = mapper.insertSecret(ids.get(), organizationId, scope, input.bundleId(), entry.getKey(),
                        value.keyId(), value.value(), null, caller.userId(), now) == 1;
                (inserted ? created : skipped).add(entry.getKey());
            }
            audit.record(tx, organizationId, caller, "secret.imported", "secret", null,
                    details("scope", scope, "bundleId", input.bundleId(), "created", List.copyOf(created),
                            "skipped", List.copyOf(skipped)));
            LOG.info("imported {} secret(s), skipped {} existing, in organization {} (scope '{}')", created.size(),
                    skipped.size(), organizationId, scope);
            return new ImportReport(created, skipped);
        });
    }

    // ---- bundles

    BundlePage listBundles(UUID organizationId, Integer limit, String cursor) {
        int pageSize = Cursors.limit(limit);
        String after = cursor == null || cursor.isBlank() ? null : Cursors.decode(cursor, BUNDLE_CURSOR);
        List<BundleRow> rows = store.inTransaction(mapper -> mapper.listBundles(organizationId, after, pageSize + 1));
        List<BundleView> items = rows.stream().limit(pageSize).map(BundleView::of).toList();
        String next = rows.size() > pageSize ? Cursors.encode(BUNDLE_CURSOR + items.get(pageSize - 1).name()) : null;
        return new BundlePage(items, next);
    }

    BundleView getBundle(UUID organizationId, UUID id) {
        BundleRow row = store.inTransaction(mapper -> mapper.findBundle(organizationId, id));
        if (row == null) {
            throw SecretsProblems.bundleNotFound();
        }
        return BundleView.of(row);
    }

    BundleView createBundle(Caller caller, NewBundle input) {
        UUID organizationId = caller.requireOrganization();
        if (input == null) {
            throw SecretsProblems.invalid("body", "expected a JSON object with name");
        }
        String name = bundleName(input.name());
        String description = description(input.description());
        String targetPath = targetPath(input.targetPath());
        UUID id = ids.get();
        return uniqueBundleName(name, () -> store.unitOfWork().inTransaction(tx -> {
            SecretsMapper mapper = store.mapper(tx);
            if (mapper.insertBundle(id, organizationId, name, description, targetPath, caller.userId(), now()) == 0) {
                throw SecretsProblems.bundleExists(name);
            }
            audit.record(tx, organizationId, caller, "secret_bundle.created", "secret_bundle", id.toString(),
                    details("name", name, "targetPath", targetPath));
            return BundleView.of(mapper.findBundle(organizationId, id));
        }));
    }

    BundleView updateBundle(Caller caller, UUID id, Map<String, Object> body) {
        UUID organizationId = caller.requireOrganization();
        Patch patch = Patch.of(body, BUNDLE_PATCH_FIELDS);
        boolean setName = patch.has("name");
        String name = setName ? bundleName(patch.string("name")) : null;
        boolean setDescription = patch.has("description");
        String description = setDescription ? description(patch.string("description")) : null;
        boolean setTargetPath = patch.has("targetPath");
        String targetPath = setTargetPath ? targetPath(patch.string("targetPath")) : null;
        return uniqueBundleName(name, () -> store.unitOfWork().inTransaction(tx -> {
            SecretsMapper mapper = store.mapper(tx);
            if (mapper.findBundle(organizationId, id) == null) {
                throw SecretsProblems.bundleNotFound();
            }
            if (setName && mapper.bundleNameTaken(organizationId, name, id)) {
                throw SecretsProblems.bundleExists(name);
            }
            mapper.updateBundle(organizationId, id, setName, name, setDescription, description, setTargetPath,
                    targetPath, now());
            Map<String, Object> details = details("changed", List.copyOf(new java.util.TreeSet<>(patch.fields())));
            if (setName) {
                details.put("name", name);
            }
            if (setTargetPath) {
                details.put("targetPath", targetPath == null ? "" : targetPath);
            }
            audit.record(tx, organizationId, caller, "secret_bundle.updated", "secret_bundle", id.toString(), details);
            return BundleView.of(mapper.findBundle(organizationId, id));
        }));
    }

    void deleteBundle(Caller caller, UUID id) {
        UUID organizationId = caller.requireOrganization();
        store.unitOfWork().run(tx -> {
            SecretsMapper mapper = store.mapper(tx);
            BundleRow row = mapper.findBundle(organizationId, id);
            if (row == null || mapper.deleteBundle(organizationId, id) == 0) {
                throw SecretsProblems.bundleNotFound();
            }
            audit.record(tx, organizationId, caller, "secret_bundle.deleted", "secret_bundle", id.toString(),
                    details("name", row.getName(), "secretsKept", row.getSecretCount()));
        });
    }

    // ---- helpers

    private Ciphertext seal(String value) {
        try {
            return cipher.get().encrypt(value);
        } catch (SecretCipherException e) {
            throw SecretsProblems.cipher(e);
        }
    }

    private static void requireBundleForSecret(SecretsMapper mapper, UUID organizationId, UUID bundleId) {
        if (bundleId != null && mapper.findBundle(organizationId, bundleId) == null) {
            throw SecretsProblems.invalidBundle();
        }
    }

    /** A concurrent insert of the same bundle name surfaces as a unique violation: still a 409. */
    private static BundleView uniqueBundleName(String name, Supplier<BundleView> work) {
        try {
            return work.get();
        } catch (ApiProblem e) {
            throw e;
        } catch (RuntimeException e) {
            if (SecretsStore.isUniqueViolation(e)) {
                throw SecretsProblems.bundleExists(name);
            }
            throw e;
        }
    }

    private Instant now() {
        return clock.instant();
    }

    static String key(String key) {
        return key("key", key);
    }

    static String key(String field, String key) {
        if (key == null || key.isEmpty()) {
            throw SecretsProblems.invalid(field, "a key is required");
        }
        if (key.length() > EnvParser.MAX_KEY_LENGTH || !EnvParser.KEY.matcher(key).matches()) {
            throw SecretsProblems.invalid(field, "a key must match [A-Za-z_][A-Za-z0-9_]* and have at most "
                    + EnvParser.MAX_KEY_LENGTH + " characters");
        }
        return key;
    }

    /** {@code ""} (organization-wide) for null or blank. */
    static String scope(String scope) {
        if (scope == null || scope.isBlank()) {
            return "";
        }
        String trimmed = scope.strip();
        if (!SCOPE.matcher(trimmed).matches()) {
            throw SecretsProblems.invalid("scope", "must be empty (organization-wide) or a repo or workspace key of"
                    + " letters, digits and . _ : / @ - (at most 200 characters)");
        }
        return trimmed;
    }

    private static String value(String value, boolean required) {
        if (value == null) {
            if (required) {
                throw SecretsProblems.invalid("value", "is required and must be a string");
            }
            return null;
        }
        if (value.length() > MAX_VALUE_CHARS) {
            throw SecretsProblems.invalid("value", "must be at most " + MAX_VALUE_CHARS + " characters");
        }
        return value;
    }

    private static String description(String description) {
        if (description == null || description.isBlank()) {
            return null;
        }
        if (description.length() > MAX_DESCRIPTION_CHARS) {
            throw SecretsProblems.invalid("description", "must be at most " + MAX_DESCRIPTION_CHARS + " characters");
        }
        return description.strip();
    }

    private static String bundleName(String name) {
        if (name == null || name.isBlank() || name.strip().length() > MAX_BUNDLE_NAME_CHARS) {
            throw SecretsProblems.invalid("name", "must be 1 to " + MAX_BUNDLE_NAME_CHARS + " characters");
        }
        return name.strip();
    }

    private static String targetPath(String targetPath) {
        if (targetPath == null || targetPath.isEmpty()) {
            return null;
        }
        if (!TargetPaths.isValid(targetPath)) {
            throw SecretsProblems.invalidTargetPath();
        }
        return targetPath;
    }

    private static Map<String, Object> details(Object... pairs) {
        Map<String, Object> details = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            if (pairs[i + 1] != null) {
                details.put((String) pairs[i], pairs[i + 1] instanceof UUID uuid ? uuid.toString() : pairs[i + 1]);
            }
        }
        return details;
    }
}
