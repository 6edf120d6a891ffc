package dev.switchboard.llm.internal;

import dev.switchboard.foundation.ConfigValues;
import dev.switchboard.foundation.InvalidConfigurationException;
import dev.switchboard.identity.AuditLog;
import dev.switchboard.llm.LlmProvider;
import dev.switchboard.llm.OrganizationLlm;
import dev.switchboard.llm.OrganizationLlmSettings;
import dev.switchboard.rest.ApiProblem;
import dev.switchboard.rest.ApiProblem.FieldError;
import dev.switchboard.rest.Caller;
import dev.switchboard.rest.Role;
import dev.switchboard.secrets.Ciphertext;
import dev.switchboard.secrets.SecretCipher;
import dev.switchboard.spi.SecretValue;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Organizations' own LLM settings: validation, the key sealed by {@link SecretCipher} (it leaves this class only
 * as a {@link Ciphertext} or, for a call or a skill, as a {@link SecretValue}), the audit log, and read access for
 * the client and for other bundles ({@link OrganizationLlmSettings}).
 *
 * <p>Configuration {@code etc/dev.switchboard.llm.cfg}: {@code allowPrivateEndpoints} (default false).
 */
@Component(service = {LlmSettingsService.class, OrganizationLlmSettings.class}, configurationPid = LlmConstants.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
public class LlmSettingsService implements OrganizationLlmSettings {

    private static final Logger LOG = LoggerFactory.getLogger(LlmSettingsService.class);

    private final LlmStore store;
    private final SecretCipher cipher;
    private final AuditLog audit;
    private volatile boolean allowPrivateEndpoints;

    @Activate
    public LlmSettingsService(@Reference LlmStore store, @Reference SecretCipher cipher, @Reference AuditLog audit,
                              Map<String, Object> properties) {
        this.store = store;
        this.cipher = cipher;
        this.audit = audit;
        modified(properties);
    }

    @Modified
    void modified(Map<String, Object> properties) {
        allowPrivateEndpoints = allowPrivate(properties);
    }

    static boolean allowPrivate(Map<String, ?> properties) {
        try {
            return new ConfigValues(LlmConstants.PID, properties == null ? Map.of() : properties)
                    .booleanValue(LlmConstants.ALLOW_PRIVATE_ENDPOINTS, false);
        } catch (InvalidConfigurationException e) {
            LOG.error("LLM settings: {}; private endpoints stay refused", e.getMessage());
            return false;
        }
    }

    @Override
    public Optional<OrganizationLlm> find(UUID organizationId) {
        return Optional.ofNullable(store.inTransaction(mapper -> mapper.get(organizationId)))
                .map(row -> new OrganizationLlm(organizationId, LlmProvider.fromWireName(row.provider()),
                        endpointOf(row), row.model(), row.hasApiKey(), row.apiKeyShared()));
    }

    @Override
    public Optional<SecretValue> apiKey(UUID organizationId) {
        LlmSettingsRow row = store.inTransaction(mapper -> mapper.get(organizationId));
        return row == null || !row.hasApiKey() ? Optional.empty() : Optional.of(open(row));
    }

    /** The organization's own configuration under {@code limits}, key decrypted, or empty when it has none. */
    Optional<LlmConfig> config(UUID organizationId, LlmConfig.Limits limits) {
        LlmSettingsRow row = store.inTransaction(mapper -> mapper.get(organizationId));
        if (row == null) {
            return Optional.empty();
        }
        SecretValue key = row.hasApiKey() ? open(row) : SecretValue.of("");
        return Optional.of(limits.config(endpointOf(row), row.model(), key));
    }

    boolean allowPrivateEndpoints() {
        return allowPrivateEndpoints;
    }

    // ---- the REST side ----

    static void requireAdmin(Caller caller) {
        if (caller.kind() == Caller.Kind.SESSION_TOKEN || caller.role() == null || !caller.role().atLeast(Role.ADMIN)) {
            throw new ApiProblem(403, "forbidden_role", "Forbidden", "the LLM settings need the admin role");
        }
    }

    LlmSettingsView view(Caller caller) {
        requireAdmin(caller);
        UUID organizationId = caller.requireOrganization();
        LlmSettingsRow row = store.inTransaction(mapper -> mapper.get(organizationId));
        if (row == null) {
            throw notFound();
        }
        return view(row);
    }

    /**
     * The request checked against the stored settings. Nothing is stored.
     *
     * @throws ApiProblem 400 {@code invalid_llm_settings} with every field problem
     */
    Validated validate(Caller caller, LlmSettingsRequest request) {
        requireAdmin(caller);
        UUID organizationId = caller.requireOrganization();
        if (request == null) {
            throw ApiProblem.badRequest("invalid_body", "expected {provider, model, endpoint?, apiKey?, verify?, shareApiKey?}",
                    List.of());
        }
        LlmSettingsRow current = store.inTransaction(mapper -> mapper.get(organizationId));
        List<FieldError> errors = new ArrayList<>();
        LlmProvider provider = provider(request.provider(), errors);
        String model = model(request.model(), errors);
        String given = blankToNull(request.endpoint());
        // the default, given explicitly, is no override: nothing to check, nothing to store
        String override = given != null && provider != null && provider.defaultEndpoint()
                .filter(uri -> uri.toString().equals(trimmed(given))).isPresent() ? null : given;
        URI endpoint = null;
        if (override != null) {
            endpoint = endpoint(override, errors);
        } else if (provider != null) {
            endpoint = provider.defaultEndpoint().orElse(null);
            if (endpoint == null) {
                errors.add(new FieldError("endpoint", "openai-compatible needs the endpoint, e.g."
                        + " https://openrouter.ai/api/v1"));
            }
        }
        KeyChange key = key(request.apiKey(), provider, endpoint, current, errors);
        if (!errors.isEmpty()) {
            throw ApiProblem.badRequest("invalid_llm_settings", "the LLM settings are not valid: " + errors.stream()
                    .map(FieldError::field).distinct().reduce((a, b) -> a + ", " + b).orElse(""), errors);
        }
        return new Validated(organizationId, provider, override == null ? null : endpoint.toString(), endpoint, model,
                key, request.shareApiKey(), current);
    }

    private static LlmProvider provider(String value, List<FieldError> errors) {
        if (value == null || value.isBlank()) {
            errors.add(new FieldError("provider", "required: openai, anthropic, groq or openai-compatible"));
            return null;
        }
        try {
            return LlmProvider.fromWireName(value);
        } catch (IllegalArgumentException e) {
            errors.add(new FieldError("provider", "must be openai, anthropic, groq or openai-compatible"));
            return null;
        }
    }

    private static String model(String value, List<FieldError> errors) {
        String model = value == null ? "" : value.strip();
        if (model.isEmpty()) {
            errors.add(new FieldError("model", "required: the model as the provider names it, e.g. gpt-4o-mini"));
        } else if (model.length() > LlmConstants.MAX_MODEL_CHARS || !model.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
            errors.add(new FieldError("model", "at most " + LlmConstants.MAX_MODEL_CHARS
                    + " printable ASCII characters without spaces"));
        }
        return model;
    }

    /** An absolute https URL (http only where private endpoints are allowed) with a public host; trailing '/' cut. */
    private URI endpoint(String text, List<FieldError> errors) {
        // never quoted back: a malformed URL may carry credentials
        URI uri;
        try {
            uri = text.length() > LlmConstants.MAX_ENDPOINT_CHARS ? null : new URI(text);
        } catch (URISyntaxException e) {
            uri = null;
        }
        String scheme = uri == null || uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        boolean allowPrivate = allowPrivateEndpoints;
        if (uri == null || uri.getHost() == null || uri.getRawUserInfo() != null || uri.getRawQuery() != null
                || uri.getRawFragment() != null || !(scheme.equals("https") || (allowPrivate && scheme.equals("http")))) {
            errors.add(new FieldError("endpoint", "an absolute " + (allowPrivate ? "http(s)" : "https")
                    + " URL without user info, query or fragment, e.g. https://openrouter.ai/api/v1"));
            return null;
        }
        if (!allowPrivate) {
            Optional<String> problem = PrivateAddresses.problem(uri.getHost());
            if (problem.isPresent()) {
                errors.add(new FieldError("endpoint", problem.get()));
                return null;
            }
        }
        return URI.create(trimmed(text));
    }

    private static String trimmed(String endpoint) {
        String trimmed = endpoint;
        while (trimmed.endsWith("/")) {
            trimmed = trimmed.substring(0, trimmed.length() - 1);
        }
        return trimmed;
    }

    /**
     * What happens to the key. A stored key is kept only for the same provider and endpoint it was given for, so
     * that it never goes to a server nobody gave it to.
     */
    private static KeyChange key(String value, LlmProvider provider, URI endpoint, LlmSettingsRow current,
                                 List<FieldError> errors) {
        if (value == null) {
            boolean stored = current != null && current.hasApiKey();
            if (provider != null && provider.requiresApiKey() && !stored) {
                errors.add(new FieldError("apiKey", "required for " + provider.wireName()));
            } else if (stored && provider != null && endpoint != null && !sameTarget(current, provider, endpoint)) {
                errors.add(new FieldError("apiKey", "required when the provider or the endpoint changes: the stored"
                        + " key was given for " + current.provider() + " at " + endpointOf(current).getHost()
                        + " (\"\" for none)"));
            }
            return KeyChange.keep();
        }
        String key = value.strip();
        if (key.isEmpty()) {
            if (provider != null && provider.requiresApiKey()) {
                errors.add(new FieldError("apiKey", "required for " + provider.wireName()
                        + "; only openai-compatible servers may go without a key"));
            }
            return KeyChange.remove();
        }
        if (key.length() > LlmConstants.MAX_API_KEY_CHARS || !key.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
            // never quoted: it is the key
            errors.add(new FieldError("apiKey", "at most " + LlmConstants.MAX_API_KEY_CHARS
                    + " printable ASCII characters without spaces"));
            return KeyChange.keep();
        }
        return KeyChange.replace(SecretValue.of(key));
    }

    /** Whether {@code row} is for the same provider and endpoint. */
    private static boolean sameTarget(LlmSettingsRow row, LlmProvider provider, URI endpoint) {
        return provider.wireName().equals(row.provider()) && endpoint.equals(endpointOf(row));
    }

    /** The key a verification call sends: the new one, else the stored one, else none. */
    SecretValue effectiveKey(Validated settings) {
        if (settings.key().value() != null) {
            return settings.key().value();
        }
        if (settings.key().removed() || settings.current() == null || !settings.current().hasApiKey()) {
            return SecretValue.of("");
        }
        return open(settings.current());
    }

    /** Stores {@code settings} and records it in the audit log, in one transaction. */
    LlmSettingsView save(Caller caller, Validated settings, boolean verified) {
        UUID organizationId = settings.organizationId();
        return store.unitOfWork().inTransaction(tx -> {
            LlmSettingsMapper mapper = store.mapper(tx);
            LlmSettingsRow locked = mapper.lock(organizationId);
            String keyId = null;
            String ciphertext = null;
            String hint = null;
            KeyChange key = settings.key();
            if (key.value() != null) {
                Ciphertext sealed = cipher.encrypt(key.value().reveal());
                keyId = sealed.keyId();
                ciphertext = sealed.value();
                hint = hint(key.value().reveal());
            } else if (!key.removed() && locked != null && locked.hasApiKey()) {
                if (!sameTarget(locked, settings.provider(), settings.endpoint())) {
                    throw changedMeanwhile();
                }
                keyId = locked.apiKeyId();
                ciphertext = locked.apiKeyCiphertext();
                hint = locked.apiKeyHint();
            }
            if (ciphertext == null && settings.provider().requiresApiKey()) {
                throw changedMeanwhile();
            }
            // decided on the locked row: a change made meanwhile by another admin stays unless this one names it
            boolean shared = settings.shareApiKey() != null ? settings.shareApiKey()
                    : locked == null || locked.apiKeyShared();
            mapper.upsert(new LlmSettingsRow(organizationId, settings.provider().wireName(), settings.endpointOverride(),
                    settings.model(), keyId, ciphertext, hint, caller.userId(), null, null, shared));
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("provider", settings.provider().wireName());
            details.put("model", settings.model());
            details.put("endpointHost", settings.endpoint().getHost());
            details.put("apiKey", key.value() != null ? "replaced" : key.removed() ? "removed" : "kept");
            details.put("apiKeyShared", shared);
            details.put("verified", verified);
            audit.record(tx, organizationId, caller, locked == null ? "llm_settings.created" : "llm_settings.updated",
                    "llm_settings", organizationId.toString(), details);
            LOG.info("organization {}: LLM settings {} ({} {} at {}, key {})", organizationId,
                    locked == null ? "created" : "updated", settings.provider().wireName(), settings.model(),
                    settings.endpoint().getHost(), details.get("apiKey"));
            return view(mapper.get(organizationId));
        });
    }

    void delete(Caller caller) {
        requireAdmin(caller);
        UUID organizationId = caller.requireOrganization();
        store.unitOfWork().inTransaction(tx -> {
            LlmSettingsMapper mapper = store.mapper(tx);
            LlmSettingsRow row = mapper.lock(organizationId);
            if (row == null) {
                throw notFound();
            }
            mapper.delete(organizationId);
            audit.record(tx, organizationId, caller, "llm_settings.deleted", "llm_settings",
                    organizationId.toString(), Map.of("provider", row.provider(), "model", row.model()));
            LOG.info("organization {}: LLM settings deleted; calls use the deployment's LLM", organizationId);
            return null;
        });
    }

    private SecretValue open(LlmSettingsRow row) {
        return SecretValue.of(cipher.decryptToString(row.sealedKey()));
    }

    private static String hint(String key) {
        return key.length() >= LlmConstants.MIN_KEY_CHARS_FOR_HINT ? key.substring(key.length() - 4) : null;
    }

    private static URI endpointOf(LlmSettingsRow row) {
        if (row.endpoint() != null) {
            return URI.create(row.endpoint());
        }
        return LlmProvider.fromWireName(row.provider()).defaultEndpoint()
                .orElseThrow(() -> new IllegalStateException("LLM settings of organization " + row.organizationId()
                        + " have no endpoint"));
    }

    private static LlmSettingsView view(LlmSettingsRow row) {
        return new LlmSettingsView(LlmProvider.fromWireName(row.provider()), endpointOf(row).toString(), row.endpoint(),
                row.model(), row.hasApiKey(), row.apiKeyHint(), row.apiKeyShared(),
                row.updatedBy() == null ? null : row.updatedBy().toString(),
                row.updatedAt() == null ? null : row.updatedAt().toString());
    }

    private static ApiProblem changedMeanwhile() {
        return new ApiProblem(409, "llm_settings_changed", "Conflict", "the stored settings changed meanwhile;"
                + " send the settings again with apiKey");
    }

    private static ApiProblem notFound() {
        return ApiProblem.notFound("llm_settings_not_found", "the organization has no LLM settings of its own;"
                + " calls use the deployment's LLM, if one is configured");
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }

    /** What a request does to the key: keep it, remove it, or replace it with {@code value}. */
    record KeyChange(SecretValue value, boolean removed) {

        static KeyChange keep() {
            return new KeyChange(null, false);
        }

        static KeyChange remove() {
            return new KeyChange(null, true);
        }

        static KeyChange replace(SecretValue value) {
            return new KeyChange(value, false);
        }

        @Override
        public String toString() {
            return value != null ? "KeyChange[replace]" : removed ? "KeyChange[remove]" : "KeyChange[keep]";
        }
    }

    /** A checked request: what will be stored. */
    /** @param shareApiKey as asked, null to keep what the row says when it is saved (locked) */
    record Validated(UUID organizationId, LlmProvider provider, String endpointOverride, URI endpoint, String model,
                     KeyChange key, Boolean shareApiKey, LlmSettingsRow current) {
    }
}
