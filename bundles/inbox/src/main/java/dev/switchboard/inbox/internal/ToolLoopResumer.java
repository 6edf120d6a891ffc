package dev.switchboard.inbox.internal;

import dev.switchboard.actions.ActionInvoker;
import dev.switchboard.actions.ActionStatus;
import dev.switchboard.actions.InvocationListener;
import dev.switchboard.actions.InvocationOutcome;
import dev.switchboard.foundation.Transaction;
import dev.switchboard.runs.Outbox;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wakes tool loops that wait for an approval. When an invocation is decided on this node (approved and run,
 * denied, expired; {@link InvocationListener}) the loop waiting for it goes on at once; besides, on every node,
 * every {@code 15 s} the waiting loops that are due (claimed with {@code FOR UPDATE SKIP LOCKED}, so no two nodes
 * take one) have their invocation looked at, which catches decisions made on a node without the inbox or told to
 * nobody. A decided invocation (completed, failed, denied, expired, or gone) gets its message a new
 * {@value InboxConstants#MATCH_MESSAGE} row in the same transaction, and the loop goes on there. Loops that still
 * wait are looked at again later. The inbox's maintenance queues open messages again anyway, so a lost wake-up
 * only delays a loop.
 */
@Component(service = {ToolLoopResumer.class, InvocationListener.class}, immediate = true)
public class ToolLoopResumer implements InvocationListener {

    static final int BATCH = 50;
    private static final Logger LOG = LoggerFactory.getLogger(ToolLoopResumer.class);

    private final InboxStore store;
    private final ActionInvoker actions;
    private final Outbox outbox;
    private final Clock clock;
    private ScheduledExecutorService timer;

    @Activate
    public ToolLoopResumer(@Reference InboxStore store, @Reference ActionInvoker actions, @Reference Outbox outbox) {
        this(store, actions, outbox, Clock.systemUTC());
        timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "switchboard-inbox-tool-loops");
            thread.setDaemon(true);
            return thread;
        });
        long period = ToolLoop.RECHECK.toSeconds();
        timer.scheduleWithFixedDelay(() -> {
            try {
                check();
            } catch (RuntimeException e) {
                LOG.debug("tool loop check skipped: {}", e.toString());
            }
        }, period, period, TimeUnit.SECONDS);
    }

    ToolLoopResumer(InboxStore store, ActionInvoker actions, Outbox outbox, Clock clock) {
        this.store = store;
        this.actions = actions;
        this.outbox = outbox;
        this.clock = clock;
    }

    @Deactivate
    void close() {
        if (timer != null) {
            timer.shutdownNow();
        }
    }

    /** Looks at the loop waiting for the invocation, on the resumer's thread (the caller's where there is none). */
    @Override
    public void decided(UUID organizationId, UUID invocationId, ActionStatus status) {
        Runnable resume = () -> {
            try {
                resume(organizationId, invocationId);
            } catch (RuntimeException e) {
                LOG.debug("tool loop of invocation {} left to the next check: {}", invocationId, e.toString());
            }
        };
        if (timer == null) {
            resume.run();
            return;
        }
        try {
            timer.execute(resume);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            LOG.debug("invocation {} decided while the inbox stops; the next check finds its loop", invocationId);
        }
    }

    /** Queues the message of the loop waiting for {@code invocationId} if that was decided; whether it did. */
    boolean resume(UUID organizationId, UUID invocationId) {
        Instant now = clock.instant();
        boolean queued = store.unitOfWork().inTransaction(tx -> {
            ToolLoopRow loop = store.toolLoops(tx).waitingFor(organizationId, invocationId);
            return loop != null && goOnIfDecided(tx, loop, now);
        });
        if (queued) {
            LOG.info("the tool loop waiting for invocation {} goes on: it was decided", invocationId);
        }
        return queued;
    }

    /** Queues the messages of due loops whose invocation was decided; returns how many. */
    int check() {
        Instant now = clock.instant();
        int resumed = store.unitOfWork().inTransaction(tx -> {
            int queued = 0;
            for (ToolLoopRow loop : store.toolLoops(tx).due(now, BATCH)) {
                queued += goOnIfDecided(tx, loop, now) ? 1 : 0;
            }
            return queued;
        });
        if (resumed > 0) {
            LOG.info("{} tool loops go on: their invocations were decided", resumed);
        }
        return resumed;
    }

    /** A locked waiting loop: its message queued when its invocation was decided, else looked at again later. */
    private boolean goOnIfDecided(Transaction tx, ToolLoopRow loop, Instant now) {
        Optional<InvocationOutcome> outcome = loop.pendingInvocationId() == null ? Optional.empty()
                : actions.outcome(loop.organizationId(), loop.pendingInvocationId());
        if (outcome.isPresent() && outcome.get().open()) {
            store.toolLoops(tx).checkAgain(loop.organizationId(), loop.messageId(), now.plus(ToolLoop.RECHECK));
            return false;
        }
        outbox.enqueue(tx, loop.organizationId(), InboxConstants.MATCH_MESSAGE,
                Map.of("messageId", loop.messageId().toString()));
        store.toolLoops(tx).checkAgain(loop.organizationId(), loop.messageId(), null);
        return true;
    }
}
