package dev.contextgate.store;

import dev.contextgate.context.ContextStore;
import dev.contextgate.store.memory.MemoryContextStore;
import java.time.Clock;

class MemoryContextStoreTest extends ContextStoreContract {
    @Override
    ContextStore open() {
        return new MemoryContextStore(Clock.systemUTC());
    }
}
