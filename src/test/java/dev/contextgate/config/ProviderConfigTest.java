package dev.contextgate.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code providers:} list in the config file: each entry's keys, read and checked. */
class ProviderConfigTest {

    @TempDir
    Path dir;

    private GatewayConfig load(String yaml, Map<String, String> env) throws Exception {
        return new ConfigFixture(dir).load(yaml, env);
    }

    private List<String> problems(String yaml, Map<String, String> env) throws IOException {
        return new ConfigFixture(dir).problems(yaml, env);
    }

    @Test
    void providerNamesMustBeUniqueAndWellFormed() throws Exception {
        assertThat(problems("""
                providers:
                  - { name: local, type: openai, base_url: "http://127.0.0.1:11434/v1" }
                  - { name: local, type: anthropic }
                  - { name: My Provider, type: openai }
                """, Map.of()))
                .containsExactly(
                        "contextgate.yaml:3: providers[1].name: provider name 'local' is used twice; names must be unique",
                        "contextgate.yaml:4: providers[2].name: 'My Provider' may only use a-z, 0-9, '_' and '-'"
                                + " (it is written in model names as NAME/MODEL)");
    }

    @Test
    void baseUrlMustBeHttp() throws Exception {
        assertThat(problems("""
                providers:
                  - name: x
                    type: openai
                    base_url: ftp://example.com/v1
                  - name: y
                    type: openai
                    base_url: localhost:11434
                """, Map.of()))
                .hasSize(2)
                .allSatisfy(p -> assertThat(p).contains("is not an http(s) URL"))
                .anySatisfy(p -> assertThat(p).startsWith("contextgate.yaml:4: providers[0].base_url: 'ftp://"))
                .anySatisfy(p -> assertThat(p).startsWith("contextgate.yaml:7: providers[1].base_url: "));
    }

    @Test
    void simulatedSettingsAndProviderTimeout() throws Exception {
        GatewayConfig c = load("""
                simulated: { latency_ms: 250, tokens_per_second: 40 }
                providers: [ { name: slow, type: openai, timeout_seconds: 30, headers: { X-Team: ai } } ]
                """, Map.of());
        assertThat(c.simulated()).isEqualTo(new SimulatedConfig(Duration.ofMillis(250), 40));
        assertThat(c.providers().get(0).timeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(c.providers().get(0).headers()).containsEntry("X-Team", "ai");
        assertThat(c.providers().get(0).baseUrl()).isEqualTo("https://api.openai.com/v1");
    }

    @Test
    void wrongProviderTypeNamesKeyFileAndLineWithSuggestion() throws Exception {
        assertThat(problems("""
                server:
                  host: 127.0.0.1
                providers:
                  - name: a
                    type: anthropic
                  - name: b
                    type: opnai
                """, Map.of()))
                .containsExactly("contextgate.yaml:7: providers[1].type: 'opnai' is not one of anthropic, openai,"
                        + " simulated (did you mean 'openai'?)");
    }

    @Test
    void maxInFlightIsReadPerProviderAndDefaultsTo256() throws Exception {
        GatewayConfig c = load("""
                providers:
                  - { name: local, type: openai, base_url: "http://127.0.0.1:11434/v1", max_in_flight: 4 }
                  - { name: anthropic, type: anthropic, max_in_flight: "${ANTHROPIC_MAX_IN_FLIGHT:-32}" }
                  - { name: openai, type: openai }
                """, Map.of());

        assertThat(c.providers()).extracting(ProviderConfig::name, ProviderConfig::maxInFlight)
                .containsExactly(tuple("local", 4),
                        tuple("anthropic", 32),
                        tuple("openai", ProviderConfig.DEFAULT_MAX_IN_FLIGHT));
        assertThat(ProviderConfig.DEFAULT_MAX_IN_FLIGHT).isEqualTo(256);
    }

    @Test
    void maxInFlightMustBeAWholeNumberOfAtLeastOne() throws Exception {
        assertThat(problems("""
                providers:
                  - { name: a, type: openai, max_in_flight: 0 }
                  - { name: b, type: openai, max_in_flight: -3 }
                  - { name: c, type: openai, max_in_flight: many }
                  - { name: d, type: openai, max_in_flight: 2.5 }
                  - { name: e, type: openai, max_in_flight: [ 1 ] }
                  - { name: f, type: openai, max_in_flight: 1000000 }
                  - { name: g, type: openai, max_in_fligth: 8 }
                """, Map.of()))
                .containsExactly(
                        "contextgate.yaml:2: providers[0].max_in_flight: 0 must be at least 1",
                        "contextgate.yaml:3: providers[1].max_in_flight: -3 must be at least 1",
                        "contextgate.yaml:4: providers[2].max_in_flight: 'many' is not a whole number",
                        "contextgate.yaml:5: providers[3].max_in_flight: '2.5' is not a whole number",
                        "contextgate.yaml:6: providers[4].max_in_flight: expected a single value, not a list",
                        "contextgate.yaml:7: providers[5].max_in_flight: 1000000 is more than 100000"
                                + " (each call in flight holds a connection of its own)",
                        "contextgate.yaml:8: providers[6].max_in_fligth: unknown key (did you mean 'max_in_flight'?)");
    }

    @Test
    void maxInFlightWaitIsReadInSecondsPerProviderAndDefaultsToFive() throws Exception {
        GatewayConfig c = load("""
                providers:
                  - { name: a, type: openai, max_in_flight_wait_seconds: 0 }
                  - { name: b, type: openai, max_in_flight_wait_seconds: 0.25 }
                  - { name: c, type: openai, max_in_flight_wait_seconds: "${WAIT:-600}" }
                  - { name: d, type: openai }
                """, Map.of());

        assertThat(c.providers()).extracting(ProviderConfig::name, ProviderConfig::maxInFlightWait)
                .containsExactly(tuple("a", Duration.ZERO),
                        tuple("b", Duration.ofMillis(250)),
                        tuple("c", Duration.ofMinutes(10)),
                        tuple("d", Duration.ofSeconds(5)));
        assertThat(c.providers().get(1).withKeyAndBaseUrl("sk-other", null).maxInFlightWait())
                .as("a target with its own key keeps its provider's wait").isEqualTo(Duration.ofMillis(250));
    }

    @Test
    void maxInFlightWaitMustBeSecondsFromZeroToTenMinutes() throws Exception {
        String at = "contextgate.yaml:%d: providers[%d].max_in_flight_wait_seconds: ";
        String write = "; write seconds from 0 (refuse at once) to 600, e.g. 5 (the default) or 0.5";
        assertThat(problems("""
                providers:
                  - { name: a, type: openai, max_in_flight_wait_seconds: -1 }
                  - { name: b, type: openai, max_in_flight_wait_seconds: 601 }
                  - { name: c, type: openai, max_in_flight_wait_seconds: 5s }
                  - { name: d, type: openai, max_in_flight_wait_seconds: true }
                  - { name: e, type: openai, max_in_flight_wait_seconds: 5d }
                  - { name: f, type: openai, max_in_flight_wait_seconds: [ 5 ] }
                  - { name: g, type: openai, max_in_flight_wait: 5 }
                """, Map.of()))
                .containsExactly(
                        at.formatted(2, 0) + "-1 is less than 0" + write,
                        at.formatted(3, 1) + "601 is more than 600 seconds" + write,
                        at.formatted(4, 2) + "'5s' is not a number of seconds" + write,
                        at.formatted(5, 3) + "'true' is not a number of seconds" + write,
                        at.formatted(6, 4) + "'5d' is not a number of seconds" + write,
                        at.formatted(7, 5) + "expected a single value, not a list",
                        "contextgate.yaml:8: providers[6].max_in_flight_wait: unknown key"
                                + " (did you mean 'max_in_flight_wait_seconds'?)");
    }
}
