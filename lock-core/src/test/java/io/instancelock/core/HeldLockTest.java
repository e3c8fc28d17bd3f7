package io.instancelock.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.instancelock.core.spi.Slot;
import io.instancelock.core.spi.SlotContent;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class HeldLockTest {

    /** A slot whose removal takes as long as the test wants. */
    private static final class SlowSlot implements Slot {
        final CountDownLatch retiring = new CountDownLatch(1);
        final CountDownLatch mayFinish = new CountDownLatch(1);
        final AtomicBoolean retired = new AtomicBoolean();

        @Override
        public SlotContent content() {
            return new SlotContent.Absent();
        }

        @Override
        public void write(LockRecord record) {}

        @Override
        public void retire() {
            retiring.countDown();
            try {
                mayFinish.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            retired.set(true);
        }

        @Override
        public void close() {}

        @Override
        public String location() {
            return "slow";
        }
    }

    @Test
    void secondCloseReturnsOnlyOnceTheFirstHasRemovedTheLock() throws Exception {
        // given: one thread in the middle of closing (as an application's own finally block can be
        // when the JVM's shutdown hook closes the same handle)
        AccountId account = AccountId.of("123456");
        SlowSlot slot = new SlowSlot();
        HeldLock lock = new HeldLock(account, slot,
                new LockRecord(account, 42, LocalDateTime.now(), "john", "host", null, null, RecordOrigin.INSTANCE_LOCK),
                held -> {});
        Thread first = new Thread(lock::close, "first-close");
        first.start();
        slot.retiring.await();

        // when: a second close comes in
        AtomicBoolean removedWhenSecondReturned = new AtomicBoolean();
        Thread second = new Thread(() -> {
            lock.close();
            removedWhenSecondReturned.set(slot.retired.get());
        }, "second-close");
        second.start();
        await().atMost(Duration.ofSeconds(10))
                .until(() -> second.getState() == Thread.State.BLOCKED || !second.isAlive());
        slot.mayFinish.countDown();
        second.join();
        first.join();

        // then: it did not report the lock released while the removal was still under way
        assertThat(removedWhenSecondReturned).isTrue();
    }
}
