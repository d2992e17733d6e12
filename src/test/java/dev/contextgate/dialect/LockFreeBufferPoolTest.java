package dev.contextgate.dialect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.util.BufferRecycler;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class LockFreeBufferPoolTest {

    @Test
    void aReturnedBufferIsHandedOutAgain() {
        LockFreeBufferPool pool = new LockFreeBufferPool(8);
        BufferRecycler first = pool.acquireAndLinkPooled();
        first.releaseToPool();

        assertThat(pool.pooledCount()).isEqualTo(1);
        BufferRecycler second = pool.acquireAndLinkPooled();
        assertThat(second).isSameAs(first);
        assertThat(pool.pooledCount()).isZero();
    }

    @Test
    void keepsNoMoreThanItsCapacity() {
        LockFreeBufferPool pool = new LockFreeBufferPool(4);
        List<BufferRecycler> held = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            held.add(pool.acquireAndLinkPooled());
        }
        held.forEach(BufferRecycler::releaseToPool);

        assertThat(pool.pooledCount()).isEqualTo(4);
        assertThat(pool.clear()).isTrue();
        assertThat(pool.pooledCount()).isZero();
    }

    @Test
    void neverHandsOneBufferToTwoHoldersAtOnce() throws Exception {
        LockFreeBufferPool pool = new LockFreeBufferPool(8);
        Set<BufferRecycler> inUse = ConcurrentHashMap.newKeySet();
        AtomicInteger sharedHandOuts = new AtomicInteger();
        try (var threads = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> workers = new ArrayList<>();
            for (int t = 0; t < 32; t++) {
                workers.add(threads.submit(() -> {
                    for (int i = 0; i < 5_000; i++) {
                        BufferRecycler buffers = pool.acquireAndLinkPooled();
                        if (!inUse.add(buffers)) {
                            sharedHandOuts.incrementAndGet();
                        }
                        if (i % 64 == 0) {
                            Thread.yield();
                        }
                        inUse.remove(buffers);
                        buffers.releaseToPool();
                    }
                    return null;
                }));
            }
            for (Future<?> worker : workers) {
                worker.get();
            }
        }
        assertThat(sharedHandOuts).hasValue(0);
        assertThat(pool.pooledCount()).isBetween(1, 8);
    }

    @Test
    void capacityMustBeAPowerOfTwo() {
        assertThatThrownBy(() -> new LockFreeBufferPool(100))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("power of two");
    }

    @Test
    void theSharedMapperStillRoundTripsUnicode() throws Exception {
        for (int i = 0; i < 3; i++) {
            String json = Json.MAPPER.writeValueAsString(List.of("é", i, "🙂"));
            assertThat(Json.MAPPER.readTree(json.getBytes(java.nio.charset.StandardCharsets.UTF_8)).get(2).asText())
                    .isEqualTo("🙂");
        }
    }
}
