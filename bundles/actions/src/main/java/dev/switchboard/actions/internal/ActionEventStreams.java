package dev.switchboard.actions.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.sse.OutboundSseEvent;
import javax.ws.rs.sse.Sse;
import javax.ws.rs.sse.SseEventSink;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Open server-sent event streams. Events come from the database (so every engine node sees every event and
 * a client resumes with {@code Last-Event-ID} anywhere); one thread polls for all streams and sends a
 * heartbeat comment to streams that were quiet for {@value #HEARTBEAT_SECONDS} s.
 */
@Component(service = ActionEventStreams.class)
public class ActionEventStreams {

    private static final Logger LOG = LoggerFactory.getLogger(ActionEventStreams.class);
    static final long HEARTBEAT_SECONDS = 15;
    private static final int BATCH = 100;

    private final ActionEventStore events;
    private final Clock clock;
    private final List<Stream> streams = new CopyOnWriteArrayList<>();
    private final ScheduledExecutorService poller;

    @Activate
    public ActionEventStreams(@Reference ActionEngine engine) {
        this(engine.events(), Clock.systemUTC(), true);
    }

    ActionEventStreams(ActionEventStore events, Clock clock, boolean schedule) {
        this.events = events;
        this.clock = clock;
        this.poller = schedule ? Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "switchboard-action-events");
            thread.setDaemon(true);
            return thread;
        }) : null;
        if (poller != null) {
            long period = ActionsConstants.EVENT_POLL.toMillis();
            poller.scheduleWithFixedDelay(this::tick, period, period, TimeUnit.MILLISECONDS);
        }
    }

    @Deactivate
    void close() {
        if (poller != null) {
            poller.shutdownNow();
        }
        streams.forEach(stream -> stream.sink().close());
        streams.clear();
    }

    /** Starts streaming events of the organization (or one session) after {@code lastEventId}, or new ones. */
    void open(UUID organizationId, UUID sessionId, String lastEventId, SseEventSink sink, Sse sse) {
        long after = parse(lastEventId).orElseGet(() -> events.lastId(organizationId, sessionId));
        Stream stream = new Stream(organizationId, sessionId, sink, sse);
        stream.lastId = after;
        stream.lastSent = clock.instant();
        streams.add(stream);
        deliver(stream);
    }

    int openStreams() {
        return streams.size();
    }

    /** One round: new events to every stream, heartbeats to quiet ones, closed streams forgotten. */
    void tick() {
        for (Stream stream : streams) {
            try {
                if (stream.sink().isClosed()) {
                    streams.remove(stream);
                    continue;
                }
                if (!deliver(stream) && Duration.between(stream.lastSent, clock.instant()).toSeconds() >= HEARTBEAT_SECONDS) {
                    send(stream, stream.sse().newEventBuilder().comment("heartbeat").build());
                }
            } catch (RuntimeException e) {
                LOG.debug("action event stream of organization {} closed: {}", stream.organizationId(), e.toString());
                streams.remove(stream);
                stream.sink().close();
            }
        }
    }

    private boolean deliver(Stream stream) {
        List<Rows.Event> batch = events.after(stream.organizationId(), stream.sessionId(), stream.lastId, BATCH);
        for (Rows.Event event : batch) {
            send(stream, stream.sse().newEventBuilder()
                    .id(Long.toString(event.id()))
                    .name(event.eventType())
                    .mediaType(MediaType.APPLICATION_JSON_TYPE)
                    .data(String.class, event.data())
                    .build());
            stream.lastId = event.id();
        }
        return !batch.isEmpty();
    }

    private void send(Stream stream, OutboundSseEvent event) {
        stream.sink().send(event).exceptionally(failure -> {
            streams.remove(stream);
            return null;
        });
        stream.lastSent = clock.instant();
    }

    private static java.util.Optional<Long> parse(String lastEventId) {
        if (lastEventId == null || lastEventId.isBlank()) {
            return java.util.Optional.empty();
        }
        try {
            return java.util.Optional.of(Math.max(0, Long.parseLong(lastEventId.trim())));
        } catch (NumberFormatException e) {
            return java.util.Optional.empty();
        }
    }

    private static final class Stream {
        private final UUID organizationId;
        private final UUID sessionId;
        private final SseEventSink sink;
        private final Sse sse;
        private volatile long lastId;
        private volatile Instant lastSent;

        Stream(UUID organizationId, UUID sessionId, SseEventSink sink, Sse sse) {
            this.organizationId = organizationId;
            this.sessionId = sessionId;
            this.sink = sink;
            this.sse = sse;
        }

        UUID organizationId() {
            return organizationId;
        }

        UUID sessionId() {
            return sessionId;
        }

        SseEventSink sink() {
            return sink;
        }

        Sse sse() {
            return sse;
        }
    }
}
