package dev.switchboard.integrations.internal;

import dev.switchboard.spi.provider.ProviderException;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;

/**
 * Runs calls into provider adapters on a bounded pool with a time limit, so that a hanging adapter can
 * hold neither a request thread nor a row lock for longer than {@link #DEFAULT_TIMEOUT}. A call that times
 * out is interrupted and reported as {@link ProviderException.Reason#UNAVAILABLE}; a runtime exception from
 * an adapter is a bug and reported as {@link ProviderException.Reason#BAD_RESPONSE}.
 */
@Component(service = AdapterCalls.class)
public class AdapterCalls {

    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

    private final ThreadPoolExecutor pool;
    private final Duration timeout;

    @Activate
    public AdapterCalls() {
        this(DEFAULT_TIMEOUT);
    }

    AdapterCalls(Duration timeout) {
        this.timeout = timeout;
        AtomicInteger count = new AtomicInteger();
        this.pool = new ThreadPoolExecutor(4, 32, 60, TimeUnit.SECONDS, new ArrayBlockingQueue<>(256), runnable -> {
            Thread thread = new Thread(runnable, "switchboard-provider-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        pool.allowCoreThreadTimeOut(true);
    }

    /** One adapter call that may fail with a {@link ProviderException}. */
    @FunctionalInterface
    interface ProviderCall<T> {
        T call() throws ProviderException;
    }

    /**
     * Runs {@code call} within the time limit.
     *
     * @param what names the operation in messages (never a value)
     */
    <T> T call(String what, ProviderCall<T> call) throws ProviderException {
        Future<T> future;
        try {
            future = pool.submit(call::call);
        } catch (RejectedExecutionException e) {
            throw ProviderException.of(ProviderException.Reason.UNAVAILABLE, what + ": too many provider calls in flight");
        }
        try {
            return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            future.cancel(true);
            throw ProviderException.of(ProviderException.Reason.UNAVAILABLE, what + " timed out after " + timeout);
        } catch (InterruptedException e) {
            future.cancel(true);
            Thread.currentThread().interrupt();
            throw ProviderException.of(ProviderException.Reason.UNAVAILABLE, what + " interrupted");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof ProviderException provider) {
                throw provider;
            }
            // the adapter's own message could carry anything: keep only the type
            throw ProviderException.of(ProviderException.Reason.BAD_RESPONSE,
                    what + " failed in the adapter: " + e.getCause().getClass().getName());
        }
    }

    @Deactivate
    void close() {
        pool.shutdownNow();
    }
}
