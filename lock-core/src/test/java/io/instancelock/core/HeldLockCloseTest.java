package io.instancelock.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.instancelock.core.spi.Slot;
import io.instancelock.core.spi.SlotContent;
import java.time.Clock;
import java.time.LocalDateTime;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class HeldLockCloseTest {

    /** A slot whose release takes as long as the test says. */
    private static final class SlowSlot implements Slot {
        final CountDownLatch retiring = new CountDownLatch(1);
        final CountDownLatch mayFinish = new CountDownLatch(1);
        final AtomicInteger retired = new AtomicInteger();

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
            retired.incrementAndGet();
        }

        @Override
        public void close() {}

        @Override
        public String location() {
            return "slow";
        }
    }

    @Test
    void aSecondCloseReturnsOnlyOnceTheFirstHasReleasedTheLock() throws Exception {
        SlowSlot slot = new SlowSlot();
        AccountId account = AccountId.of("123456");
        HeldLock lock = new HeldLock(
                account,
                slot,
                new LockRecord(account, 1, LocalDateTime.now(), "b", "h", null, null, null, RecordOrigin.INSTANCE_LOCK),
                Clock.systemUTC(),
                ignored -> {});
        Thread first = new Thread(lock::close);
        first.start();
        assertThat(slot.retiring.await(10, TimeUnit.SECONDS)).isTrue();

        AtomicInteger retiredWhenSecondReturned = new AtomicInteger(-1);
        Thread second = new Thread(() -> {
            lock.close();
            retiredWhenSecondReturned.set(slot.retired.get());
        });
        second.start();

        // Given the first close is inside retire(), the second must wait for it, not return at once.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (second.getState() != Thread.State.BLOCKED
                && second.getState() != Thread.State.TERMINATED
                && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertThat(second.getState())
                .as("second close() must wait for the release in progress")
                .isEqualTo(Thread.State.BLOCKED);
        slot.mayFinish.countDown();
        second.join(TimeUnit.SECONDS.toMillis(10));
        assertThat(retiredWhenSecondReturned).hasValue(1);
        first.join();
        assertThat(slot.retired).hasValue(1);
        assertThat(lock.isHeld()).isFalse();
    }
}
