package dev.contextgate.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SuggestionsTest {

    @Test
    void suggestsCloseWordsOnly() {
        List<String> keys = List.of("host", "port", "data_dir", "max_body_mb");
        assertThat(Suggestions.closest("prot", keys)).isEqualTo("port");
        assertThat(Suggestions.closest("datadir", keys)).isEqualTo("data_dir");
        assertThat(Suggestions.closest("zzzzzz", keys)).isNull();
        assertThat(Suggestions.distance("kitten", "sitting")).isEqualTo(3);
    }

    @Test
    void suggestsTheKeyAWordLacksTheUnitOf() {
        List<String> keys = List.of("timeout_seconds", "max_in_flight", "max_in_flight_wait_seconds");
        assertThat(Suggestions.closest("timeout", keys)).isEqualTo("timeout_seconds");
        assertThat(Suggestions.closest("max_in_flight_wait", keys)).isEqualTo("max_in_flight_wait_seconds");
        assertThat(Suggestions.closest("max", keys)).as("two keys start so: no guess").isNull();
    }

    @Test
    void loopbackIsDecidedFromTheTextAlone() {
        assertThat(Hosts.isLoopback("127.0.0.1")).isTrue();
        assertThat(Hosts.isLoopback("127.255.0.9")).isTrue();
        assertThat(Hosts.isLoopback("[::1]")).isTrue();
        assertThat(Hosts.isLoopback("LOCALHOST")).isTrue();
        assertThat(Hosts.isLoopback("0.0.0.0")).isFalse();
        assertThat(Hosts.isLoopback("::")).isFalse();
        assertThat(Hosts.isLoopback("127.0.0.300")).isFalse();
        assertThat(Hosts.isLoopback("example.com")).isFalse();
    }
}
