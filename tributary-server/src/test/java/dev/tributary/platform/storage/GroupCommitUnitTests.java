package dev.tributary.platform.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;
import org.springframework.transaction.support.TransactionTemplate;

/** The store's writer on a real SQLite file, one connection, as the embedded default runs it. */
class GroupCommitUnitTests {

    @TempDir
    Path dir;

    private SingleConnectionDataSource dataSource;
    private JdbcClient jdbc;
    private GroupCommit groupCommit;

    @BeforeEach
    void open() {
        dataSource = new SingleConnectionDataSource("jdbc:sqlite:" + dir.resolve("store.db"), true);
        jdbc = JdbcClient.create(dataSource);
        jdbc.sql("CREATE TABLE rows (kind TEXT, value INTEGER)").update();
        groupCommit = new GroupCommit(new TransactionTemplate(new DataSourceTransactionManager(dataSource)));
    }

    @AfterEach
    void close() {
        groupCommit.stop();
        dataSource.destroy();
    }

    /** Inserts its values as rows of its kind; fails (after writing) on a negative value. */
    private final class Inserts implements GroupCommit.Writer<Integer> {

        final String kind;
        final List<Integer> committed = new CopyOnWriteArrayList<>();
        final List<Integer> failed = new CopyOnWriteArrayList<>();
        final CompletableFuture<Void> settled = new CompletableFuture<>();
        final List<Thread> threads = new CopyOnWriteArrayList<>();

        Inserts(String kind) {
            this.kind = kind;
        }

        @Override
        public GroupCommit.Written write(List<Integer> items) {
            threads.add(Thread.currentThread());
            for (int value : items) {
                jdbc.sql("INSERT INTO rows (kind, value) VALUES (:kind, :value)").param("kind", kind)
                        .param("value", value).update();
                if (value < 0) {
                    throw new IllegalStateException("refused " + value);
                }
            }
            return () -> {
                committed.addAll(items);
                settled.complete(null);
            };
        }

        @Override
        public void failed(List<Integer> items, RuntimeException cause) {
            failed.addAll(items);
            settled.complete(null);
        }
    }

    private long rows(String kind) {
        return jdbc.sql("SELECT COUNT(*) FROM rows WHERE kind = :kind").param("kind", kind).query(Long.class).single();
    }

    @Test
    void writes_of_two_kinds_waiting_together_commit_together_on_one_thread() throws Exception {
        Inserts webhooks = new Inserts("webhook");
        Inserts outcomes = new Inserts("outcome");
        GroupCommit.Queue<Integer> first = groupCommit.queue("webhooks", webhooks, 100, 10);
        GroupCommit.Queue<Integer> second = groupCommit.queue("outcomes", outcomes, 100, 10);
        groupCommit.start();
        CountDownLatch hold = holdTheConnection();
        for (int i = 1; i <= 3; i++) {
            assertThat(first.offer(i)).isTrue();
            assertThat(second.offer(10 * i)).isTrue();
        }
        hold.countDown();
        webhooks.settled.get(5, TimeUnit.SECONDS);
        outcomes.settled.get(5, TimeUnit.SECONDS);
        assertThat(webhooks.committed).containsExactly(1, 2, 3);
        assertThat(outcomes.committed).containsExactly(10, 20, 30);
        assertThat(webhooks.threads).hasSize(1).isEqualTo(outcomes.threads);
        assertThat(rows("webhook")).isEqualTo(3);
        assertThat(rows("outcome")).isEqualTo(3);
    }

    @Test
    void a_kind_that_fails_is_rolled_back_alone_and_the_others_commit() throws Exception {
        Inserts webhooks = new Inserts("webhook");
        Inserts outcomes = new Inserts("outcome");
        GroupCommit.Queue<Integer> first = groupCommit.queue("webhooks", webhooks, 100, 10);
        GroupCommit.Queue<Integer> second = groupCommit.queue("outcomes", outcomes, 100, 10);
        groupCommit.start();
        CountDownLatch hold = holdTheConnection();
        first.offer(1);
        first.offer(2);
        second.offer(7);
        second.offer(-1);
        hold.countDown();
        webhooks.settled.get(5, TimeUnit.SECONDS);
        outcomes.settled.get(5, TimeUnit.SECONDS);
        assertThat(webhooks.committed).containsExactly(1, 2);
        assertThat(rows("webhook")).isEqualTo(2);
        assertThat(outcomes.failed).containsExactly(7, -1);
        assertThat(outcomes.committed).isEmpty();
        assertThat(rows("outcome")).as("the failed kind's rows, written before it threw, are gone").isZero();
    }

    @Test
    void more_than_a_batch_is_taken_over_several_commits_and_nothing_is_left_behind() throws Exception {
        Inserts webhooks = new Inserts("webhook");
        GroupCommit.Queue<Integer> queue = groupCommit.queue("webhooks", webhooks, 1000, 7);
        groupCommit.start();
        for (int i = 0; i < 100; i++) {
            assertThat(queue.offer(i)).isTrue();
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (webhooks.committed.size() < 100 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(webhooks.committed).hasSize(100);
        assertThat(rows("webhook")).isEqualTo(100);
    }

    @Test
    void after_stop_nothing_more_is_queued() {
        Inserts webhooks = new Inserts("webhook");
        GroupCommit.Queue<Integer> queue = groupCommit.queue("webhooks", webhooks, 10, 10);
        groupCommit.start();
        groupCommit.stop();
        assertThat(queue.offer(1)).isFalse();
        assertThat(rows("webhook")).isZero();
    }

    /**
     * Keeps the writer busy in a round of its own until the latch opens, so what is queued meanwhile
     * waits together for the next round.
     */
    private CountDownLatch holdTheConnection() throws InterruptedException {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch entered = new CountDownLatch(1);
        GroupCommit.Queue<Integer> gate = groupCommit.queue("gate", new GroupCommit.Writer<Integer>() {
            @Override
            public GroupCommit.Written write(List<Integer> items) {
                entered.countDown();
                try {
                    release.await(5, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return () -> { };
            }

            @Override
            public void failed(List<Integer> items, RuntimeException cause) {
            }
        }, 1, 1);
        assertThat(gate.offer(0)).isTrue();
        assertThat(entered.await(5, TimeUnit.SECONDS)).isTrue();
        return release;
    }
}
