package dev.contextgate.dialect;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

/** The one JSON mapper the process shares: immutable once built, safe across threads. */
public final class Json {

    /** Big decimals keep passthrough numbers exactly as the caller wrote them. */
    public static final ObjectMapper MAPPER = JsonMapper.builder(JsonFactory.builder()
                    // Jackson's default buffer pool is per thread, and every request runs on a new virtual
                    // thread: its 8-16 KB buffers were the second allocation site in bench/run's JFR profile.
                    // Shared and bounded: a burst of concurrent calls cannot leave an unbounded pool behind.
                    .recyclerPool(new LockFreeBufferPool(128))
                    .build())
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .build();

    public static final JsonFactory FACTORY = MAPPER.getFactory();

    private Json() {}
}
