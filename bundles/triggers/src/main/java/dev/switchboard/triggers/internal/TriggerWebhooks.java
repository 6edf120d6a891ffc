package dev.switchboard.triggers.internal;

import dev.switchboard.core.plugins.PluginRegistry;
import dev.switchboard.core.plugins.PluginUnavailableException;
import dev.switchboard.foundation.DatabaseUnavailableException;
import dev.switchboard.foundation.Transaction;
import dev.switchboard.integrations.AppWebhookListener;
import dev.switchboard.integrations.Integration;
import dev.switchboard.integrations.WebhookReply;
import dev.switchboard.rest.ApiProblem;
import dev.switchboard.spi.WebhookRequest;
import dev.switchboard.spi.trigger.TriggerEvent;
import dev.switchboard.spi.trigger.TriggerMode;
import dev.switchboard.spi.trigger.TriggerSource;
import dev.switchboard.spi.trigger.TriggerSourceException;
import dev.switchboard.spi.trigger.Verification;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Webhook deliveries for triggers: per trigger ({@code /webhooks/t/<path>}), per integration
 * ({@code /webhooks/i/<integrationId>}, reaching the integration's webhook triggers whose secret signs it) and
 * app-level ones the integrations ingress verified with the app's secret. Verification is mandatory: a source
 * that cannot verify rejects everything. Answers carry counts only, never the payload; nothing is stored for a
 * delivery that fails verification or parsing.
 */
@Component(service = {TriggerWebhooks.class, AppWebhookListener.class})
public class TriggerWebhooks implements AppWebhookListener {

    private static final Logger LOG = LoggerFactory.getLogger(TriggerWebhooks.class);
    private static final Pattern TRIGGER_PATH = Pattern.compile("t_[0-9a-f]{24}");
    /**
     * Per-trigger deliveries: at most this many transactions at once (the pool has 10 connections); 2 gave larger
     * batches and 19 % more deliveries per second than 4 at 16 connections in bench/ingest ...
     */
    static final int SHARED_TRANSACTIONS = 2;
    /** ... each recording at most this many deliveries. */
    static final int SHARED_BATCH = 32;
    private static final WebhookReply DISABLED = reply(EventIntake.Outcome.NONE, Map.of("disabled", true));

    private final TriggersStore store;
    private final PluginRegistry registry;
    private final TriggerSecrets secrets;
    private final EventIntake intake;
    private final Clock clock;
    final GroupCommit<Incoming, Delivered> commits;

    @Activate
    public TriggerWebhooks(@Reference TriggersStore store, @Reference PluginRegistry registry,
                           @Reference TriggerSecrets secrets, @Reference EventIntake intake) {
        this(store, registry, secrets, intake, Clock.systemUTC());
    }

    TriggerWebhooks(TriggersStore store, PluginRegistry registry, TriggerSecrets secrets, EventIntake intake, Clock clock) {
        this.store = store;
        this.registry = registry;
        this.secrets = secrets;
        this.intake = intake;
        this.clock = clock;
        this.commits = new GroupCommit<>(store.unitOfWork(), SHARED_TRANSACTIONS, SHARED_BATCH, this::deliverShared,
                incoming -> Delivered.of(() -> deliverAlone(incoming.path(), incoming.request())));
    }

    /**
     * {@code POST /webhooks/t/<path>}. Concurrent deliveries waiting for the database share transactions
     * ({@link GroupCommit}); each is answered only after the transaction holding its rows committed, and a batch
     * that fails is replayed delivery by delivery, each on its own as below.
     */
    public WebhookReply perTrigger(String path, WebhookRequest request) {
        if (path == null || !TRIGGER_PATH.matcher(path).matches()) {
            throw notFound();
        }
        Delivered delivered = database(() -> commits.run(new Incoming(path, request)));
        if (delivered.problem() != null) {
            throw delivered.problem();
        }
        return delivered.reply();
    }

    /**
     * Deliveries in one shared transaction: each trigger read once, the accepted deliveries recorded together; a
     * rejection is that delivery's answer, not a reason to roll back (accepting only reads).
     */
    private List<Delivered> deliverShared(Transaction tx, List<Incoming> batch) {
        Map<String, Rows.TriggerRow> triggers = new HashMap<>();
        Delivered[] answers = new Delivered[batch.size()];
        List<EventIntake.Delivery> accepted = new ArrayList<>();
        List<Integer> acceptedAt = new ArrayList<>();
        for (int i = 0; i < batch.size(); i++) {
            Incoming incoming = batch.get(i);
            try {
                EventIntake.Delivery delivery = accept(triggers.computeIfAbsent(incoming.path(),
                        path -> store.triggers(tx).byWebhookPath(path)), incoming.request());
                if (delivery == null) {
                    answers[i] = new Delivered(DISABLED, null);
                } else {
                    accepted.add(delivery);
                    acceptedAt.add(i);
                }
            } catch (ApiProblem e) {
                answers[i] = new Delivered(null, e);
            }
        }
        List<EventIntake.Outcome> outcomes = intake.ingestAllWithin(tx, accepted);
        for (int j = 0; j < outcomes.size(); j++) {
            answers[acceptedAt.get(j)] = new Delivered(reply(outcomes.get(j), Map.of()), null);
        }
        return Arrays.asList(answers);
    }

    /** One delivery in its own transaction (reading the trigger and recording its events in one go). */
    private WebhookReply deliverAlone(String path, WebhookRequest request) {
        EventIntake.Delivery[] accepted = new EventIntake.Delivery[1];
        try {
            return database(() -> store.unitOfWork().inTransaction(tx -> {
                accepted[0] = accept(store.triggers(tx).byWebhookPath(path), request);
                return accepted[0] == null ? DISABLED : record(tx, accepted[0]);
            }));
        } catch (ApiProblem e) {
            throw e;
        } catch (RuntimeException e) {
            if (accepted[0] == null) {
                throw e;
            }
            // recording in one go failed: record again, falling back to a retried hand-off if need be
            EventIntake.Delivery delivery = accepted[0];
            return reply(database(() -> intake.ingest(delivery.trigger(), delivery.source(), delivery.events())), Map.of());
        }
    }

    /**
     * Verifies and parses a delivery to {@code trigger} (null: no trigger at that path); null when the trigger
     * is disabled. Writes nothing: every rejection is an {@link ApiProblem}.
     */
    private EventIntake.Delivery accept(Rows.TriggerRow trigger, WebhookRequest request) {
        if (trigger == null) {
            throw notFound();
        }
        TriggerSource source = webhookSource(trigger);
        Verification verification = verify(source, trigger, request);
        if (!verification.valid()) {
            LOG.warn("webhook for trigger {} rejected: {}", trigger.id(), verification.reason());
            throw new ApiProblem(401, "signature_invalid", "Unauthorized", "the delivery's signature does not verify");
        }
        if (!trigger.enabled()) {
            return null;
        }
        return new EventIntake.Delivery(trigger, source, parse(source, trigger, request));
    }

    private WebhookReply record(Transaction tx, EventIntake.Delivery accepted) {
        return reply(intake.ingestWithin(tx, accepted.trigger(), accepted.source(), accepted.events()), Map.of());
    }

    /** A delivery to {@code /webhooks/t/<path>}. */
    record Incoming(String path, WebhookRequest request) {
    }

    /** The answer to one delivery: a reply, or the problem to throw. */
    record Delivered(WebhookReply reply, ApiProblem problem) {

        static Delivered of(java.util.function.Supplier<WebhookReply> delivery) {
            try {
                return new Delivered(delivery.get(), null);
            } catch (ApiProblem e) {
                return new Delivered(null, e);
            }
        }
    }

    /** {@code POST /webhooks/i/<integrationId>}. */
    public WebhookReply perIntegration(String integrationId, WebhookRequest request) {
        UUID id;
        try {
            id = UUID.fromString(integrationId);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw notFound();
        }
        List<Rows.TriggerRow> triggers = database(() -> store.unitOfWork().inTransaction(tx ->
                store.triggers(tx).webhookTriggersOf(id)));
        if (triggers.isEmpty()) {
            throw notFound();
        }
        List<Rows.TriggerRow> signed = new ArrayList<>();
        for (Rows.TriggerRow trigger : triggers) {
            TriggerSource source = findSource(trigger);
            if (source != null && source.modes().contains(TriggerMode.WEBHOOK) && verify(source, trigger, request).valid()) {
                signed.add(trigger);
            }
        }
        if (signed.isEmpty()) {
            LOG.warn("webhook for integration {} rejected: no trigger's secret verifies it", id);
            throw new ApiProblem(401, "signature_invalid", "Unauthorized", "the delivery's signature does not verify");
        }
        EventIntake.Outcome outcome = EventIntake.Outcome.NONE;
        for (Rows.TriggerRow trigger : signed) {
            TriggerSource source = webhookSource(trigger);
            List<TriggerEvent> events = parse(source, trigger, request);
            outcome = outcome.plus(database(() -> intake.ingest(trigger, source, events)));
        }
        return reply(outcome, Map.of("triggers", signed.size()));
    }

    /** App-level deliveries: already verified with the app's secret; they reach the integrations' webhook triggers. */
    @Override
    public int received(String providerAdapterId, List<Integration> integrations, WebhookRequest request) {
        int recorded = 0;
        for (Integration integration : integrations) {
            List<Rows.TriggerRow> triggers = database(() -> store.unitOfWork().inTransaction(tx ->
                    store.triggers(tx).webhookTriggersOf(integration.id())));
            for (Rows.TriggerRow trigger : triggers) {
                TriggerSource source = findSource(trigger);
                if (source == null || !source.service().equals(integration.service())
                        || !source.modes().contains(TriggerMode.WEBHOOK)) {
                    continue;
                }
                List<TriggerEvent> events;
                try {
                    events = parse(source, trigger, request);
                } catch (ApiProblem e) {
                    continue; // not a delivery this trigger understands; the others may
                }
                recorded += database(() -> intake.ingest(trigger, source, events)).recorded();
            }
        }
        return recorded;
    }

    private Verification verify(TriggerSource source, Rows.TriggerRow trigger, WebhookRequest request) {
        try {
            return source.verify(request, secrets.open(trigger), clock.instant());
        } catch (RuntimeException e) {
            LOG.warn("trigger {}: source {} failed to verify a delivery ({}); rejected", trigger.id(), trigger.source(),
                    e.getClass().getSimpleName());
            return Verification.rejected("verification failed");
        }
    }

    private static List<TriggerEvent> parse(TriggerSource source, Rows.TriggerRow trigger, WebhookRequest request) {
        try {
            return source.parse(request);
        } catch (TriggerSourceException e) {
            LOG.info("webhook for trigger {} not accepted: {} ({})", trigger.id(), e.getMessage(), e.kind());
            throw ApiProblem.badRequest("payload_invalid", "the delivery is not a payload this trigger understands",
                    List.of());
        } catch (RuntimeException e) {
            LOG.warn("webhook for trigger {}: source {} failed to parse ({})", trigger.id(), trigger.source(),
                    e.getClass().getSimpleName());
            throw ApiProblem.badRequest("payload_invalid", "the delivery is not a payload this trigger understands",
                    List.of());
        }
    }

    private TriggerSource webhookSource(Rows.TriggerRow trigger) {
        TriggerSource source = findSource(trigger);
        if (source == null) {
            throw ApiProblem.unavailable("source_unavailable", "the trigger's source is not installed right now");
        }
        if (!source.modes().contains(TriggerMode.WEBHOOK) || !"webhook".equals(trigger.mode())) {
            throw notFound();
        }
        return source;
    }

    private TriggerSource findSource(Rows.TriggerRow trigger) {
        try {
            return registry.require(TriggerSource.class, trigger.source());
        } catch (PluginUnavailableException e) {
            return null;
        }
    }

    private static <T> T database(java.util.function.Supplier<T> work) {
        try {
            return work.get();
        } catch (DatabaseUnavailableException e) {
            throw ApiProblem.unavailable("database_unavailable", "the delivery could not be stored; send it again later");
        }
    }

    private static WebhookReply reply(EventIntake.Outcome outcome, Map<String, Object> extra) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("events", outcome.recorded());
        body.put("runs", outcome.runs());
        body.put("skipped", outcome.skipped());
        body.put("duplicate", outcome.duplicates() > 0 && outcome.recorded() == 0);
        body.putAll(extra);
        return WebhookReply.ok(body);
    }

    private static ApiProblem notFound() {
        return ApiProblem.notFound("trigger_not_found", "no trigger receives webhooks at this address");
    }
}
