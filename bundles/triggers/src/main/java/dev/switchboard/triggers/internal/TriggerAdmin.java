package dev.switchboard.triggers.internal;

import dev.switchboard.core.plugins.PluginRegistry;
import dev.switchboard.core.plugins.PluginUnavailableException;
import dev.switchboard.foundation.Ids;
import dev.switchboard.identity.AuditLog;
import dev.switchboard.integrations.Integration;
import dev.switchboard.integrations.IntegrationLookup;
import dev.switchboard.rest.ApiProblem;
import dev.switchboard.rest.Caller;
import dev.switchboard.rest.PageRequest;
import dev.switchboard.runs.Automations;
import dev.switchboard.secrets.Ciphertext;
import dev.switchboard.spi.trigger.TriggerMode;
import dev.switchboard.spi.trigger.TriggerSource;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * Trigger CRUD for the REST API: validation against the source (modes, config schema, connection), the secret
 * shown once, the polling job kept in step, audit entries. Every query is scoped by the caller's organization.
 */
@Component(service = TriggerAdmin.class, configurationPid = TriggersConfig.PID)
public class TriggerAdmin {

    private final TriggersStore store;
    private final PluginRegistry registry;
    private final Automations automations;
    private final IntegrationLookup integrations;
    private final TriggerSecrets secrets;
    private final TriggerScheduler scheduler;
    private final AuditLog audit;
    private final InboxLink inbox;
    private final TriggersConfig config;
    private final ConfigValidator validator = new ConfigValidator();

    @Activate
    public TriggerAdmin(@Reference TriggersStore store, @Reference PluginRegistry registry,
                        @Reference Automations automations, @Reference IntegrationLookup integrations,
                        @Reference TriggerSecrets secrets, @Reference TriggerScheduler scheduler,
                        @Reference AuditLog audit, @Reference InboxLink inbox, Map<String, ?> properties) {
        this(store, registry, automations, integrations, secrets, scheduler, audit, inbox,
                TriggersConfig.from(properties));
    }

    TriggerAdmin(TriggersStore store, PluginRegistry registry, Automations automations, IntegrationLookup integrations,
                 TriggerSecrets secrets, TriggerScheduler scheduler, AuditLog audit, InboxLink inbox,
                 TriggersConfig config) {
        this.store = store;
        this.registry = registry;
        this.automations = automations;
        this.integrations = integrations;
        this.secrets = secrets;
        this.scheduler = scheduler;
        this.audit = audit;
        this.inbox = inbox;
        this.config = config;
    }

    /**
     * Create input: {@code automationId} or {@code target} (see {@link Targets}); on update only enabled,
     * integrationId, config and pollingCron may change.
     */
    public record TriggerRequest(String automationId, String source, String mode, String integrationId,
                                 Map<String, Object> config, String pollingCron, Boolean enabled, String secret,
                                 Map<String, Object> target) {

        @com.fasterxml.jackson.annotation.JsonCreator
        public TriggerRequest {
        }

        /** A request for an automation's trigger. */
        public TriggerRequest(String automationId, String source, String mode, String integrationId,
                              Map<String, Object> config, String pollingCron, Boolean enabled, String secret) {
            this(automationId, source, mode, integrationId, config, pollingCron, enabled, secret, null);
        }
    }

    public Views.TriggerView create(Caller caller, TriggerRequest request) {
        UUID organizationId = caller.requireOrganization();
        TriggerSource source = source(request.source());
        Targets target = Targets.parse(organizationId, request.automationId(), request.target(), "event",
                "gmail".equals(source.descriptor().id()) ? "email" : "message", automations, inbox);
        TriggerMode mode = mode(source, request.mode());
        Map<String, Object> settings = request.config() == null ? Map.of() : request.config();
        validator.validate(source.descriptor().configSchema(), settings);
        UUID integrationId = integration(organizationId, source, mode, request.integrationId());
        String cron = mode == TriggerMode.POLLING ? pollingCron(request.pollingCron()) : null;
        boolean generated = request.secret() == null;
        String secret = generated ? TriggerSecrets.generate() : Inputs.secret(request.secret());
        Ciphertext sealed = secrets.seal(secret);
        UUID id = Ids.newId();
        Rows.TriggerRow row = new Rows.TriggerRow(id, organizationId, target.automationId(), source.descriptor().id(),
                mode == TriggerMode.POLLING ? "polling" : "webhook", request.enabled() == null || request.enabled(),
                integrationId, Json.write(settings), mode == TriggerMode.WEBHOOK ? TriggerSecrets.newWebhookPath() : null,
                sealed.keyId(), sealed.value(), cron, null, null, null, caller.userId(), null, null, target.kind(),
                target.skill(), target.messageSource());
        Rows.TriggerRow created = store.unitOfWork().inTransaction(tx -> {
            store.triggers(tx).insert(row);
            audit.record(tx, organizationId, caller, "trigger.created", "trigger", id.toString(),
                    Map.of("source", row.source(), "mode", row.mode(), "target", Targets.view(target.kind(),
                            target.automationId(), target.skill(), target.messageSource())));
            return store.triggers(tx).get(organizationId, id);
        });
        TriggerScheduler.bestEffort(() -> scheduler.sync(created));
        return view(created, Map.of(), generated ? secret : null);
    }

    public PageRequest.Page<Views.TriggerView> list(Caller caller, String automationId, String source, PageRequest page) {
        UUID organizationId = caller.requireOrganization();
        UUID automation = Inputs.uuid("automationId", automationId, false);
        UUID after = page.after() == null ? null : Inputs.cursor(page.after());
        List<Rows.TriggerRow> rows = store.unitOfWork().inTransaction(tx ->
                store.triggers(tx).list(organizationId, automation, source, after, page.limit() + 1));
        PageRequest.Page<Rows.TriggerRow> result = page.page(rows, row -> row.id().toString());
        return new PageRequest.Page<>(result.items().stream().map(row -> view(row, null, null)).toList(),
                result.nextCursor());
    }

    public Views.TriggerView get(Caller caller, UUID id) {
        UUID organizationId = caller.requireOrganization();
        return store.unitOfWork().inTransaction(tx -> {
            Rows.TriggerRow row = found(store.triggers(tx).get(organizationId, id));
            Map<String, Long> counts = new LinkedHashMap<>();
            store.events(tx).countByStatus(organizationId, id).forEach(count -> counts.put(count.status(), count.count()));
            return view(row, counts, null);
        });
    }

    public Views.TriggerView update(Caller caller, UUID id, TriggerRequest request) {
        UUID organizationId = caller.requireOrganization();
        if (request.automationId() != null || request.source() != null || request.mode() != null
                || request.secret() != null || request.target() != null) {
            throw Inputs.invalid("request", "only enabled, integrationId, config and pollingCron can change;"
                    + " create a new trigger for another target, source or mode, rotate the secret with POST .../secret");
        }
        Rows.TriggerRow current = store.unitOfWork().inTransaction(tx -> found(store.triggers(tx).get(organizationId, id)));
        TriggerSource source = source(current.source());
        TriggerMode mode = current.polling() ? TriggerMode.POLLING : TriggerMode.WEBHOOK;
        Map<String, Object> settings = request.config() == null ? Json.object(current.config()) : request.config();
        validator.validate(source.descriptor().configSchema(), settings);
        UUID integrationId = request.integrationId() == null ? current.integrationId()
                : integration(organizationId, source, mode, request.integrationId());
        String cron = mode == TriggerMode.POLLING && request.pollingCron() != null ? pollingCron(request.pollingCron())
                : current.pollingCron();
        boolean enabled = request.enabled() == null ? current.enabled() : request.enabled();
        // a re-enabled or re-pointed polling trigger starts from "now" again rather than replaying what it missed
        boolean resetCursor = mode == TriggerMode.POLLING && ((enabled && !current.enabled())
                || !java.util.Objects.equals(integrationId, current.integrationId()));
        Rows.TriggerRow updated = store.unitOfWork().inTransaction(tx -> {
            store.triggers(tx).update(organizationId, id, enabled, integrationId, Json.write(settings), cron, resetCursor);
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("enabled", enabled);
            details.put("configChanged", request.config() != null);
            audit.record(tx, organizationId, caller, "trigger.updated", "trigger", id.toString(), details);
            return store.triggers(tx).get(organizationId, id);
        });
        TriggerScheduler.bestEffort(() -> scheduler.sync(updated));
        return view(updated, null, null);
    }

    public Views.TriggerView rotateSecret(Caller caller, UUID id, String supplied) {
        UUID organizationId = caller.requireOrganization();
        String secret = supplied == null ? TriggerSecrets.generate() : Inputs.secret(supplied);
        Ciphertext sealed = secrets.seal(secret);
        Rows.TriggerRow row = store.unitOfWork().inTransaction(tx -> {
            if (store.triggers(tx).setSecret(organizationId, id, sealed.keyId(), sealed.value()) == 0) {
                throw notFound();
            }
            audit.record(tx, organizationId, caller, "trigger.secret_rotated", "trigger", id.toString(), Map.of());
            return store.triggers(tx).get(organizationId, id);
        });
        return view(row, null, supplied == null ? secret : null);
    }

    public void delete(Caller caller, UUID id) {
        UUID organizationId = caller.requireOrganization();
        store.unitOfWork().run(tx -> {
            if (store.triggers(tx).delete(organizationId, id) == 0) {
                throw notFound();
            }
            audit.record(tx, organizationId, caller, "trigger.deleted", "trigger", id.toString(), Map.of());
        });
        TriggerScheduler.bestEffort(() -> scheduler.removeTrigger(id));
    }

    public List<Views.SourceView> sources() {
        return registry.active(TriggerSource.class).stream().map(source -> new Views.SourceView(
                source.descriptor().id(), source.descriptor().displayName(), source.descriptor().description(),
                source.service(), source.modes().stream().map(mode -> mode.name().toLowerCase(Locale.ROOT)).sorted().toList(),
                source.requiresConnection(), schema(source), "active")).toList();
    }

    private static Object schema(TriggerSource source) {
        try {
            return Json.MAPPER.readValue(source.descriptor().configSchema(), Object.class);
        } catch (java.io.IOException e) {
            return Map.of();
        }
    }

    private TriggerSource source(String id) {
        if (id == null || id.isBlank()) {
            throw Inputs.invalid("source", "is required: the id of a trigger source (GET /api/v1/trigger-sources)");
        }
        try {
            return registry.require(TriggerSource.class, id);
        } catch (PluginUnavailableException e) {
            throw Inputs.invalid("source", "is not an installed trigger source");
        }
    }

    private static TriggerMode mode(TriggerSource source, String requested) {
        if (requested == null) {
            return source.modes().contains(TriggerMode.WEBHOOK) ? TriggerMode.WEBHOOK : TriggerMode.POLLING;
        }
        TriggerMode mode = switch (requested) {
            case "webhook" -> TriggerMode.WEBHOOK;
            case "polling" -> TriggerMode.POLLING;
            default -> throw Inputs.invalid("mode", "must be webhook or polling");
        };
        if (!source.modes().contains(mode)) {
            throw Inputs.invalid("mode", "is not supported by source " + source.descriptor().id());
        }
        return mode;
    }

    private UUID integration(UUID organizationId, TriggerSource source, TriggerMode mode, String requested) {
        UUID id = Inputs.uuid("integrationId", requested, false);
        if (id == null) {
            if (mode == TriggerMode.POLLING && source.requiresConnection()) {
                throw Inputs.invalid("integrationId", "is required: polling " + source.service() + " needs a connection");
            }
            return null;
        }
        Integration integration = integrations.get(organizationId, id)
                .orElseThrow(() -> Inputs.invalid("integrationId", "is not an integration of the organization"));
        if (!integration.service().equals(source.service())) {
            throw Inputs.invalid("integrationId", "connects " + integration.service() + ", not " + source.service());
        }
        return id;
    }

    private String pollingCron(String requested) {
        String expression = requested == null ? config.defaultPollingCron() : requested;
        CronExpressions.Schedule schedule;
        try {
            schedule = CronExpressions.parse(expression, "UTC");
        } catch (IllegalArgumentException e) {
            throw Inputs.invalid("pollingCron", e.getMessage());
        }
        if (schedule.nextGap(java.time.Instant.now()).filter(gap -> gap.compareTo(config.minPollInterval()) < 0).isPresent()) {
            throw Inputs.invalid("pollingCron", "polls more often than every " + config.minPollInterval().toSeconds()
                    + " s (polling.minIntervalSeconds)");
        }
        return schedule.expression();
    }

    private Views.TriggerView view(Rows.TriggerRow row, Map<String, Long> counts, String secret) {
        return new Views.TriggerView(row.id().toString(), Views.text(row.automationId()),
                Targets.view(row.targetKind(), row.automationId(), row.targetSkill(), row.messageSource()),
                row.source(), row.mode(),
                row.enabled(), Views.text(row.integrationId()), Json.object(row.config()),
                row.webhookPath() == null ? null : config.publicUrl() + "/webhooks/t/" + row.webhookPath(),
                row.pollingCron(), Views.text(row.lastPolledAt()), row.lastPollError(),
                row.polling() && row.enabled() ? scheduler.nextFire(PollJob.GROUP, row.id()).map(Object::toString).orElse(null)
                        : null,
                counts, Views.text(row.createdAt()), Views.text(row.updatedAt()), secret);
    }

    private static Rows.TriggerRow found(Rows.TriggerRow row) {
        if (row == null) {
            throw notFound();
        }
        return row;
    }

    static ApiProblem notFound() {
        return ApiProblem.notFound("trigger_not_found", "no trigger with this id in the organization");
    }
}
