package dev.tributary.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

class SendersUnitTests {

    @Test
    void sends_run_on_virtual_threads_where_the_jdk_has_them_and_on_named_daemon_threads_otherwise() throws Exception {
        ExecutorService senders = DeliveryWorker.senders();
        AtomicReference<Thread> ran = new AtomicReference<>();
        senders.submit(() -> ran.set(Thread.currentThread())).get(5, TimeUnit.SECONDS);
        senders.shutdown();
        assertThat(ran.get().getName()).startsWith("delivery-sender");
        if (Runtime.version().feature() >= 21) {
            assertThat((boolean) Thread.class.getMethod("isVirtual").invoke(ran.get())).isTrue();
        } else {
            assertThat(ran.get().isDaemon()).isTrue();
        }
    }
}
