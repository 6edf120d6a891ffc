package dev.switchboard.triggers.internal;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.zaxxer.hikari.HikariDataSource;
import dev.switchboard.foundation.DatabaseUnavailableException;
import dev.switchboard.foundation.MapperSet;
import dev.switchboard.foundation.Transaction;
import dev.switchboard.foundation.internal.TriggersTestSchema;
import dev.switchboard.foundation.internal.UnitOfWorkService;
import dev.switchboard.foundation.testing.TestDatabase;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.ibatis.annotations.Insert;
import org.apache.ibatis.annotations.Param;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@link GroupCommit} on a real database. Batches are made deterministic by occupying the only slot with a
 * caller that waits on a latch until the others are queued.
 */
class GroupCommitTest {

    @RegisterExtension
    static final TestDatabase DB = TestDatabase.create().withSchema(TriggersTestSchema::apply);

    private final ExecutorService callers = Executors.newCachedThreadPool();
    private final CountDownLatch release = new CountDownLatch(1);
    private final AtomicInteger aloneRuns = new AtomicInteger();
    private UnitOfWorkService unitOfWork;
    private MapperSet probe;
    private final List<Integer> batches = new java.util.concurrent.CopyOnWriteArrayList<>();
    private GroupCommit<Call, String> commits;

    @BeforeEach
    void setUp() throws Exception {
        DB.execute("CREATE TABLE IF NOT EXISTS group_commit_probe (id int PRIMARY KEY)");
        DB.execute("TRUNCATE group_commit_probe");
        unitOfWork = new UnitOfWorkService(DB.dataSource());
        probe = unitOfWork.mappers(ProbeMapper.class);
        commits = groupCommit(unitOfWork);
    }

    @AfterEach
    void tearDown() {
        release.countDown();
        callers.shutdownNow();
    }

    /** One caller of these tests: what it does in a shared transaction, and on its own. */
    private record Call(Function<Transaction, String> shared, Supplier<String> alone) {
    }

    private GroupCommit<Call, String> groupCommit(UnitOfWorkService target) {
        return new GroupCommit<>(target, 1, 32, (tx, calls) -> {
            batches.add(calls.size());
            return calls.stream().map(call -> call.shared().apply(tx)).toList();
        }, call -> call.alone().get());
    }

    /** Holds the only slot (a batch of one runs alone) until {@link #release} opens. */
    private Future<String> occupy(GroupCommit<Call, String> target) {
        CountDownLatch inside = new CountDownLatch(1);
        Future<String> holder = callers.submit(() -> target.run(new Call(tx -> "shared?", () -> {
            inside.countDown();
            awaitLatch(release);
            return "holder";
        })));
        awaitLatch(inside);
        return holder;
    }

    private Future<String> submit(int id, Function<Transaction, String> shared) {
        return callers.submit(() -> {
            String answer = commits.run(new Call(shared, alone(id)));
            // the answer comes after the commit: the row is visible to everyone
            assertEquals(1L, ((Number) DB.queryValue("SELECT count(*) FROM group_commit_probe WHERE id = " + id))
                    .longValue(), "row " + id + " committed before the answer");
            return answer;
        });
    }

    private Supplier<String> alone(int id) {
        return () -> {
            aloneRuns.incrementAndGet();
            unitOfWork.run(tx -> insert(tx, id));
            return "alone " + id;
        };
    }

    private Function<Transaction, String> insertShared(int id) {
        return tx -> {
            insert(tx, id);
            return "shared " + id;
        };
    }

    private void insert(Transaction tx, int id) {
        tx.mapper(probe, ProbeMapper.class).insert(id);
    }

    /** The probe table of this test. */
    public interface ProbeMapper {
        @Insert("INSERT INTO group_commit_probe (id) VALUES (#{id})")
        int insert(@Param("id") int id);
    }

    private void awaitQueued(GroupCommit<Call, String> target, int callers) {
        await().atMost(Duration.ofSeconds(10)).until(() -> target.queued() == callers);
    }

    private static void awaitLatch(CountDownLatch latch) {
        try {
            assertTrue(latch.await(10, TimeUnit.SECONDS), "latch");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Test
    void callersWaitingForTheDatabaseShareOneTransactionAndAreAnsweredAfterItsCommit() throws Exception {
        Future<String> holder = occupy(commits);
        List<Future<String>> answers = new ArrayList<>();
        for (int id = 1; id <= 5; id++) {
            answers.add(submit(id, insertShared(id)));
        }
        awaitQueued(commits, 5);
        release.countDown();

        assertEquals("holder", holder.get(10, TimeUnit.SECONDS));
        for (int id = 1; id <= 5; id++) {
            assertEquals("shared " + id, answers.get(id - 1).get(10, TimeUnit.SECONDS));
        }
        assertArrayEquals(new long[] {1, 5, 0}, commits.shared(), "one shared transaction for the five");
        assertEquals(0, aloneRuns.get());
        assertEquals(5L, ((Number) DB.queryValue("SELECT count(*) FROM group_commit_probe")).longValue());
    }

    @Test
    void theSharedWorkGetsEveryQueuedCallerAtOnceUpToTheBatchSize() throws Exception {
        GroupCommit<Call, String> small = new GroupCommit<>(unitOfWork, 1, 2, (tx, calls) -> {
            batches.add(calls.size());
            return calls.stream().map(call -> call.shared().apply(tx)).toList();
        }, call -> call.alone().get());
        occupy(small);
        List<Future<String>> answers = new ArrayList<>();
        for (int id = 1; id <= 5; id++) {
            Call call = new Call(insertShared(id), alone(id));
            answers.add(callers.submit(() -> small.run(call)));
        }
        awaitQueued(small, 5);
        release.countDown();

        for (int id = 1; id <= 5; id++) {
            assertTrue(answers.get(id - 1).get(10, TimeUnit.SECONDS).endsWith(" " + id));
        }
        // batches of at most 2 in queue order: [1,2], [3,4], then 5 alone
        assertEquals(List.of(2, 2), batches);
        assertEquals(1, aloneRuns.get());
        assertEquals(5L, ((Number) DB.queryValue("SELECT count(*) FROM group_commit_probe")).longValue());
    }

    @Test
    void aLoneCallerRunsOnItsOwn() {
        assertEquals("alone 7", commits.run(new Call(insertShared(7), alone(7))));
        assertArrayEquals(new long[] {0, 0, 0}, commits.shared());
        assertEquals(1, aloneRuns.get());
    }

    @Test
    void whenOneSharedWorkFailsTheBatchRollsBackAndEveryCallerRunsAlone() throws Exception {
        occupy(commits);
        List<Future<String>> answers = new ArrayList<>();
        answers.add(submit(1, insertShared(1)));
        answers.add(submit(2, tx -> {
            insert(tx, 2);
            throw new IllegalStateException("this one cannot be recorded with the others");
        }));
        answers.add(submit(3, insertShared(3)));
        awaitQueued(commits, 3);
        release.countDown();

        for (int id = 1; id <= 3; id++) {
            // alone inserts the row again: it would violate the primary key had the shared rows been committed
            assertEquals("alone " + id, answers.get(id - 1).get(10, TimeUnit.SECONDS));
        }
        assertArrayEquals(new long[] {0, 0, 1}, commits.shared());
        assertEquals(3, aloneRuns.get());
        assertEquals(3L, ((Number) DB.queryValue("SELECT count(*) FROM group_commit_probe")).longValue());
    }

    @Test
    void aCallerWhoseAloneWorkFailsGetsItsOwnFailureAndNobodyElse() throws Exception {
        occupy(commits);
        Future<String> first = submit(1, insertShared(1));
        Future<String> failing = callers.submit(() -> commits.run(new Call(tx -> {
            throw new IllegalStateException("shared fails");
        }, () -> {
            throw new IllegalArgumentException("alone fails too");
        })));
        awaitQueued(commits, 2);
        release.countDown();

        assertEquals("alone 1", first.get(10, TimeUnit.SECONDS));
        ExecutionException e = assertThrows(ExecutionException.class, () -> failing.get(10, TimeUnit.SECONDS));
        assertInstanceOf(IllegalArgumentException.class, e.getCause());
    }

    @Test
    void withoutDatabaseConnectionsTheBatchIsAnsweredUnavailableAtOnce() throws Exception {
        HikariDataSource closed = DB.newDataSource(config -> config.setMaximumPoolSize(1));
        closed.close();
        GroupCommit<Call, String> offline = groupCommit(new UnitOfWorkService(closed));
        occupy(offline);
        List<Future<String>> answers = new ArrayList<>();
        for (int id = 1; id <= 2; id++) {
            int row = id;
            answers.add(callers.submit(() -> offline.run(new Call(insertShared(row), alone(row)))));
        }
        awaitQueued(offline, 2);
        release.countDown();

        for (Future<String> answer : answers) {
            ExecutionException e = assertThrows(ExecutionException.class, () -> answer.get(10, TimeUnit.SECONDS));
            assertInstanceOf(DatabaseUnavailableException.class, e.getCause());
        }
        assertEquals(0, aloneRuns.get(), "alone would only wait for a connection again");
    }
}
