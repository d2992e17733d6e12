package dev.contextgate.context;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class ContextLocksTest {

    @Test
    void oneContextIsSerializedOthersAreNot() throws Exception {
        ContextLocks locks = new ContextLocks();
        CountDownLatch otherDone = new CountDownLatch(1);
        AtomicBoolean sameEntered = new AtomicBoolean();
        try (ContextLocks.Lease held = locks.acquire("a")) {
            Thread.ofVirtual().start(() -> {
                try (ContextLocks.Lease b = locks.acquire("b")) {
                    otherDone.countDown();
                }
            });
            Thread same = Thread.ofVirtual().start(() -> {
                try (ContextLocks.Lease again = locks.acquire("a")) {
                    sameEntered.set(true);
                }
            });
            assertThat(otherDone.await(5, TimeUnit.SECONDS)).isTrue();
            same.join(200);
            assertThat(sameEntered).isFalse();
            assertThat(same.isAlive()).isTrue();
        }
        Thread.sleep(0);
        for (int i = 0; i < 500 && !sameEntered.get(); i++) {
            Thread.sleep(10);
        }
        assertThat(sameEntered).isTrue();
        for (int i = 0; i < 500 && locks.active() > 0; i++) {
            Thread.sleep(10);
        }
        assertThat(locks.active()).isZero();
    }
}
