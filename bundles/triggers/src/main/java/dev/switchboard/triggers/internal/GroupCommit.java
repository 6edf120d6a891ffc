package dev.switchboard.triggers.internal;

import dev.switchboard.foundation.DatabaseUnavailableException;
import dev.switchboard.foundation.Transaction;
import dev.switchboard.foundation.UnitOfWork;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;

/**
 * Lets concurrent callers that are waiting for the database share one transaction, so that one commit (one WAL
 * flush, one connection checkout, one statement for the rows of all of them) serves several of them. Nobody waits
 * for company: a caller that finds a free slot (at most {@code maxTransactions} at once) leads, takes whatever is
 * queued (up to {@code maxBatch}) and runs it; callers that arrive meanwhile queue and are taken by the next leader.
 * Every caller returns only after the transaction holding its work committed.
 *
 * <p>What each caller gets is exactly what it would get on its own:
 * <ul>
 *   <li>a batch of one runs {@code alone} for the caller's input, nothing else;</li>
 *   <li>a batch of several runs {@code shared} once for all their inputs, in one transaction; it answers each input
 *       (rejections as values) and throws only when the transaction must not commit;</li>
 *   <li>when {@code shared} throws or the commit fails, the whole transaction rolls back and every caller of the
 *       batch runs {@code alone} in its own transaction, so one failing delivery never fails the others (only a
 *       database without connections is answered at once, since alone would fail as well).</li>
 * </ul>
 *
 * @param <I> what a caller brings
 * @param <R> what it gets
 */
final class GroupCommit<I, R> {

    private final UnitOfWork unitOfWork;
    private final int maxBatch;
    private final Semaphore slots;
    private final SharedWork<I, R> shared;
    private final Function<I, R> alone;
    private final ConcurrentLinkedQueue<Pending<I, R>> queue = new ConcurrentLinkedQueue<>();
    private final LongAdder sharedTransactions = new LongAdder();
    private final LongAdder sharedMembers = new LongAdder();
    private final LongAdder failedTransactions = new LongAdder();

    GroupCommit(UnitOfWork unitOfWork, int maxTransactions, int maxBatch, SharedWork<I, R> shared, Function<I, R> alone) {
        this.unitOfWork = unitOfWork;
        this.maxBatch = maxBatch;
        this.slots = new Semaphore(maxTransactions);
        this.shared = shared;
        this.alone = alone;
    }

    /** The work of several callers in one transaction. */
    @FunctionalInterface
    interface SharedWork<I, R> {
        /** The answers to {@code inputs}, in their order. */
        List<R> run(Transaction tx, List<I> inputs);
    }

    /**
     * Runs {@code input} in a transaction possibly shared with other callers, or on its own (see the class comment);
     * returns once that transaction committed, or throws what {@code alone} threw.
     */
    R run(I input) {
        Pending<I, R> pending = new Pending<>(input, Thread.currentThread());
        queue.add(pending);
        boolean interrupted = false;
        while (pending.state == Pending.QUEUED || pending.state == Pending.RUNNING) {
            if (pending.state == Pending.QUEUED && slots.tryAcquire()) {
                try {
                    lead(pending);
                } finally {
                    slots.release();
                }
                wakeNext();
            } else {
                // woken by the leader that finished it or by a leader giving up its slot; the timeout is a safety net
                LockSupport.parkNanos(this, TimeUnit.MILLISECONDS.toNanos(5));
                // the work may be in a transaction already: wait for it, and keep the interrupt for the caller
                interrupted |= Thread.interrupted();
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        return pending.outcome(alone);
    }

    /** Runs batches from the queue until the leader's own work is done. */
    private void lead(Pending<I, R> own) {
        while (own.state == Pending.QUEUED) {
            List<Pending<I, R>> batch = new ArrayList<>();
            for (Pending<I, R> next; batch.size() < maxBatch && (next = queue.poll()) != null; ) {
                next.state = Pending.RUNNING;
                batch.add(next);
            }
            if (batch.isEmpty()) {
                return;     // another leader took it
            }
            if (batch.size() == 1) {
                batch.get(0).runAlone(alone);
            } else {
                runShared(batch);
            }
        }
    }

    private void runShared(List<Pending<I, R>> batch) {
        try {
            List<R> answers = unitOfWork.inTransaction(tx -> {
                List<R> results = shared.run(tx, batch.stream().map(member -> member.input).toList());
                if (results.size() != batch.size()) {
                    throw new IllegalStateException(results.size() + " answers to " + batch.size() + " callers");
                }
                return results;
            });
            sharedTransactions.increment();
            sharedMembers.add(batch.size());
            for (int i = 0; i < batch.size(); i++) {
                batch.get(i).succeed(answers.get(i));
            }
        } catch (DatabaseUnavailableException e) {
            batch.forEach(member -> member.fail(e));
        } catch (RuntimeException | Error e) {
            failedTransactions.increment();
            batch.forEach(member -> member.finish(Pending.ALONE));
        }
    }

    private void wakeNext() {
        Pending<I, R> next = queue.peek();
        if (next != null) {
            LockSupport.unpark(next.thread);
        }
    }

    /** Callers queued and not yet taken by a leader. */
    int queued() {
        return queue.size();
    }

    /** Transactions shared by several callers that committed, and how many callers they served. */
    long[] shared() {
        return new long[] {sharedTransactions.sum(), sharedMembers.sum(), failedTransactions.sum()};
    }

    /** One caller's input and, once run, its outcome. */
    private static final class Pending<I, R> {
        static final int QUEUED = 0;
        static final int RUNNING = 1;
        static final int DONE = 2;      // result (or failure) is set
        static final int ALONE = 3;     // the shared transaction failed: the caller runs alone itself

        final I input;
        final Thread thread;
        volatile int state = QUEUED;
        private R result;
        private Throwable failure;

        Pending(I input, Thread thread) {
            this.input = input;
            this.thread = thread;
        }

        void runAlone(Function<I, R> alone) {
            try {
                result = alone.apply(input);
            } catch (RuntimeException | Error e) {
                failure = e;
            }
            finish(DONE);
        }

        void succeed(R answer) {
            result = answer;
            finish(DONE);
        }

        void fail(RuntimeException e) {
            failure = e;
            finish(DONE);
        }

        /** Publishes the outcome (the volatile write orders result and failure before it) and wakes the caller. */
        void finish(int outcome) {
            state = outcome;
            LockSupport.unpark(thread);
        }

        R outcome(Function<I, R> alone) {
            if (state == ALONE) {
                return alone.apply(input);
            }
            if (failure instanceof Error error) {
                throw error;
            }
            if (failure != null) {
                throw (RuntimeException) failure;
            }
            return result;
        }
    }
}
