package dev.switchboard.triggers.internal;

import dev.switchboard.foundation.DatabaseUnavailableException;
import dev.switchboard.foundation.Transaction;
import dev.switchboard.foundation.UnitOfWork;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

/**
 * Lets concurrent callers that are waiting for the database share one transaction, so that one commit (one WAL
 * flush, one connection checkout) serves several of them. Nobody waits for company: a caller that finds a free
 * slot (at most {@code maxTransactions} at once) leads, takes whatever is queued (up to {@code maxBatch}) and runs
 * it; callers that arrive meanwhile queue and are taken by the next leader. Every caller returns only after the
 * transaction holding its work committed.
 *
 * <p>What each caller gets is exactly what it would get on its own:
 * <ul>
 *   <li>a batch of one runs the caller's {@code alone} work, nothing else;</li>
 *   <li>a batch of several runs each caller's {@code shared} work, one after the other, in one transaction; the
 *       shared work must answer rejections as values and throw only when the transaction must not commit;</li>
 *   <li>when a shared work throws or the commit fails, the whole transaction rolls back and every caller of the
 *       batch runs its {@code alone} work in its own transaction, so one failing delivery never fails the
 *       others (only a database without connections is answered at once, since alone would fail as well).</li>
 * </ul>
 */
final class GroupCommit {

    private final UnitOfWork unitOfWork;
    private final int maxBatch;
    private final Semaphore slots;
    private final ConcurrentLinkedQueue<Pending<?>> queue = new ConcurrentLinkedQueue<>();
    private final LongAdder sharedTransactions = new LongAdder();
    private final LongAdder sharedMembers = new LongAdder();
    private final LongAdder failedTransactions = new LongAdder();

    GroupCommit(UnitOfWork unitOfWork, int maxTransactions, int maxBatch) {
        this.unitOfWork = unitOfWork;
        this.maxBatch = maxBatch;
        this.slots = new Semaphore(maxTransactions);
    }

    /** One caller's work in a shared transaction. */
    @FunctionalInterface
    interface SharedWork<T> {
        /**
         * @param memo values the works of this one transaction may share, e.g. a row every one of them reads
         *             (read once per transaction, as if the works had arrived together)
         */
        T run(Transaction tx, Map<Object, Object> memo);
    }

    /**
     * Runs {@code shared} in a transaction possibly shared with other callers, or {@code alone} on its own (see
     * the class comment); returns once that transaction committed, or throws what {@code alone} threw.
     */
    <T> T run(SharedWork<T> shared, Supplier<T> alone) {
        Pending<T> pending = new Pending<>(shared, alone, Thread.currentThread());
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
        return pending.outcome();
    }

    /** Runs batches from the queue until the leader's own work is done. */
    private void lead(Pending<?> own) {
        while (own.state == Pending.QUEUED) {
            List<Pending<?>> batch = new ArrayList<>();
            for (Pending<?> next; batch.size() < maxBatch && (next = queue.poll()) != null; ) {
                next.state = Pending.RUNNING;
                batch.add(next);
            }
            if (batch.isEmpty()) {
                return;     // another leader took it
            }
            if (batch.size() == 1) {
                batch.get(0).runAlone();
            } else {
                runShared(batch);
            }
        }
    }

    private void runShared(List<Pending<?>> batch) {
        try {
            unitOfWork.inTransaction(tx -> {
                Map<Object, Object> memo = new HashMap<>();
                for (Pending<?> member : batch) {
                    member.runShared(tx, memo);
                }
                return null;
            });
            sharedTransactions.increment();
            sharedMembers.add(batch.size());
            batch.forEach(member -> member.finish(Pending.DONE));
        } catch (DatabaseUnavailableException e) {
            batch.forEach(member -> member.fail(e));
        } catch (RuntimeException | Error e) {
            failedTransactions.increment();
            batch.forEach(member -> member.finish(Pending.ALONE));
        }
    }

    private void wakeNext() {
        Pending<?> next = queue.peek();
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

    /** One caller's work and, once run, its outcome. */
    private static final class Pending<T> {
        static final int QUEUED = 0;
        static final int RUNNING = 1;
        static final int DONE = 2;      // result (or failure) is set
        static final int ALONE = 3;     // the shared transaction failed: the caller runs alone itself

        final SharedWork<T> shared;
        final Supplier<T> alone;
        final Thread thread;
        volatile int state = QUEUED;
        private T result;
        private Throwable failure;

        Pending(SharedWork<T> shared, Supplier<T> alone, Thread thread) {
            this.shared = shared;
            this.alone = alone;
            this.thread = thread;
        }

        void runShared(Transaction tx, Map<Object, Object> memo) {
            result = shared.run(tx, memo);
        }

        void runAlone() {
            try {
                result = alone.get();
            } catch (RuntimeException | Error e) {
                failure = e;
            }
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

        T outcome() {
            if (state == ALONE) {
                return alone.get();
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
