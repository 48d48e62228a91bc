package dev.tributary.platform.storage;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import org.springframework.transaction.TransactionStatus;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The store's one writer: a thread that takes whatever writes of every kind are waiting (webhooks
 * received, delivery outcomes) and makes them in one transaction, so they share one commit and one
 * {@code fsync}. On SQLite it is also the one place the single connection is written from, instead
 * of several threads taking turns on it. Each kind has its own {@link Queue} and {@link Writer};
 * a kind whose part fails is rolled back alone (a savepoint) and the others still commit.
 */
@Component
public class GroupCommit implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(GroupCommit.class);

    /** Writes one kind of item. Called on the writer thread only. */
    public interface Writer<T> {

        /** Writes these items inside the shared transaction; what to do once it has committed or rolled back. */
        Written write(List<T> items);

        /** The items were not stored: their part threw, or the commit failed. */
        void failed(List<T> items, RuntimeException cause);
    }

    /** What a writer does after the transaction that holds its items. */
    public interface Written {

        void committed();

        /** The transaction failed after this part was written; {@link Writer#failed} follows. */
        default void rolledBack() {
        }
    }

    /** Items of one kind waiting for the next commit. */
    public final class Queue<T> {

        private final String name;
        private final Writer<T> writer;
        private final BlockingQueue<T> items;
        private final int maxBatch;

        private Queue(String name, Writer<T> writer, int capacity, int maxBatch) {
            this.name = name;
            this.writer = writer;
            this.items = new LinkedBlockingQueue<>(capacity);
            this.maxBatch = maxBatch;
        }

        /** Queues an item for the next commit; false when the queue is full or the writer has stopped. */
        public boolean offer(T item) {
            if (!running || !items.offer(item)) {
                return false;
            }
            work.release();
            return true;
        }

        private List<T> take() {
            List<T> taken = new ArrayList<>(Math.min(items.size(), maxBatch));
            items.drainTo(taken, maxBatch);
            return taken;
        }
    }

    /** One queue's items in a group, and, once written, what to do after the transaction. */
    private static final class Part<T> {

        final Queue<T> queue;
        final List<T> items;
        Written written;

        private Part(Queue<T> queue) {
            this.queue = queue;
            this.items = queue.take();
        }

        static <T> Part<T> of(Queue<T> queue) {
            return new Part<>(queue);
        }

        void write() {
            written = queue.writer.write(items);
        }
    }

    private final TransactionTemplate transactions;
    private final List<Queue<?>> queues = new CopyOnWriteArrayList<>();
    private final Semaphore work = new Semaphore(0);
    private volatile boolean running;
    private Thread thread;

    GroupCommit(TransactionTemplate transactions) {
        this.transactions = transactions;
    }

    /** A queue for one kind of write; {@code capacity} bounds what may wait, {@code maxBatch} what one commit takes. */
    public <T> Queue<T> queue(String name, Writer<T> writer, int capacity, int maxBatch) {
        Queue<T> queue = new Queue<>(name, writer, capacity, maxBatch);
        queues.add(queue);
        return queue;
    }

    private void run() {
        while (running || !allEmpty()) {
            try {
                if (work.tryAcquire(100, TimeUnit.MILLISECONDS)) {
                    work.drainPermits();
                    commitWaiting();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                log.error("The store's writer failed; going on", e);
            }
        }
    }

    private boolean allEmpty() {
        return queues.stream().allMatch(queue -> queue.items.isEmpty());
    }

    /** One transaction for what waits now; anything left (a queue's batch was full) is taken next round. */
    private void commitWaiting() {
        List<Part<?>> parts = new ArrayList<>();
        for (Queue<?> queue : queues) {
            Part<?> part = Part.of(queue);
            if (!part.items.isEmpty()) {
                parts.add(part);
            }
        }
        if (parts.isEmpty()) {
            return;
        }
        if (!allEmpty()) {
            work.release();
        }
        List<Part<?>> failed = new ArrayList<>();
        try {
            transactions.executeWithoutResult(status -> {
                failed.clear();
                for (Part<?> part : parts) {
                    // Alone in the transaction, a part needs no savepoint: its failure rolls back only itself.
                    if (parts.size() == 1) {
                        part.write();
                    } else if (!writeInSavepoint(status, part)) {
                        failed.add(part);
                    }
                }
            });
        } catch (RuntimeException e) {
            for (Part<?> part : parts) {
                if (!failed.contains(part)) {
                    if (part.written != null) {
                        part.written.rolledBack();
                    }
                    fail(part, e);
                }
            }
            return;
        }
        for (Part<?> part : parts) {
            if (!failed.contains(part)) {
                part.written.committed();
            }
        }
    }

    private boolean writeInSavepoint(TransactionStatus status, Part<?> part) {
        Object savepoint = status.createSavepoint();
        try {
            part.write();
            status.releaseSavepoint(savepoint);
            return true;
        } catch (RuntimeException e) {
            status.rollbackToSavepoint(savepoint);
            log.warn("Writing {} {} failed; the rest of the group commits without them", part.items.size(),
                    part.queue.name, e);
            fail(part, e);
            return false;
        }
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static void fail(Part<?> part, RuntimeException cause) {
        try {
            ((Writer) part.queue.writer).failed(part.items, cause);
        } catch (RuntimeException e) {
            log.error("Handling a failed write of {} failed", part.queue.name, e);
        }
    }

    @Override
    public synchronized void start() {
        running = true;
        thread = new Thread(this::run, "store-writer");
        thread.setDaemon(true);
        thread.start();
    }

    /** Writes what is still queued, then stops; nothing queues after this. */
    @Override
    public synchronized void stop() {
        running = false;
        work.release();
        if (thread != null) {
            try {
                thread.join(15_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        RuntimeException stopped = new IllegalStateException("the store's writer has stopped");
        for (Queue<?> queue : queues) {
            for (Part<?> left = Part.of(queue); !left.items.isEmpty(); left = Part.of(queue)) {
                fail(left, stopped);
            }
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Starts before and stops after everything that writes through it. */
    @Override
    public int getPhase() {
        return Integer.MIN_VALUE + 500;
    }
}
