package dev.switchboard.actions.internal;

import dev.switchboard.spi.AccessToken;
import dev.switchboard.spi.action.ActionAdapter;
import dev.switchboard.spi.action.ActionException;
import dev.switchboard.spi.action.ActionRequest;
import dev.switchboard.spi.action.ActionResult;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One bounded executor per action adapter, so that an adapter that hangs exhausts only its own threads and
 * queue; every call is abandoned at its time limit.
 */
final class AdapterExecutors implements AutoCloseable {

    /** The adapter's threads and queue are all taken. */
    static final class AdapterBusyException extends Exception {
        private static final long serialVersionUID = 1L;

        AdapterBusyException(String adapterId) {
            super("action adapter '" + adapterId + "' is busy");
        }
    }

    private final Map<String, ThreadPoolExecutor> executors = new ConcurrentHashMap<>();
    private final int threads;
    private final int queue;

    AdapterExecutors(int threads, int queue) {
        this.threads = threads;
        this.queue = queue;
    }

    /**
     * Runs {@code adapter.execute} on the adapter's executor and waits at most {@code timeout}.
     *
     * @throws ActionException        what the adapter threw, or {@code UPSTREAM_ERROR} (status 0) on timeout
     * @throws AdapterBusyException   when the adapter's executor is full
     */
    ActionResult execute(String adapterId, ActionAdapter adapter, ActionRequest request, AccessToken token,
                         Duration timeout) throws ActionException, AdapterBusyException {
        Future<ActionResult> future;
        try {
            future = executor(adapterId).submit(() -> adapter.execute(request, token));
        } catch (RejectedExecutionException e) {
            throw new AdapterBusyException(adapterId);
        }
        try {
            return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            future.cancel(true);
            throw ActionException.upstream(0, "the action did not finish within " + timeout.toSeconds() + " s", null);
        } catch (InterruptedException e) {
            future.cancel(true);
            Thread.currentThread().interrupt();
            throw ActionException.upstream(0, "interrupted while waiting for the action", null);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof ActionException action) {
                throw action;
            }
            throw ActionException.upstream(0, "the action adapter failed unexpectedly", null);
        }
    }

    private ThreadPoolExecutor executor(String adapterId) {
        return executors.computeIfAbsent(adapterId, id -> {
            AtomicInteger count = new AtomicInteger();
            BlockingQueue<Runnable> work = queue == 0 ? new SynchronousQueue<>() : new ArrayBlockingQueue<>(queue);
            ThreadPoolExecutor executor = new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS, work,
                    runnable -> {
                        Thread thread = new Thread(runnable, "switchboard-action-" + id + "-" + count.incrementAndGet());
                        thread.setDaemon(true);
                        return thread;
                    }, new ThreadPoolExecutor.AbortPolicy());
            executor.allowCoreThreadTimeOut(true);
            return executor;
        });
    }

    @Override
    public void close() {
        executors.values().forEach(ThreadPoolExecutor::shutdownNow);
        executors.clear();
    }

}
