package dev.contextgate.context;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class TokenCalibrationTest {

    @Test
    void learnsEachProvidersRatioSmoothlyAndWithinBounds() {
        TokenCalibration c = new TokenCalibration();
        assertThat(c.factor("anthropic")).isEqualTo(1.0);
        c.observe("anthropic", 100, 120);
        assertThat(c.factor("anthropic")).isCloseTo(1.2, within(1e-9));
        c.observe("anthropic", 100, 170);
        assertThat(c.factor("anthropic")).isCloseTo(1.2 + 0.2 * 0.5, within(1e-9));
        assertThat(c.factor("openai")).isEqualTo(1.0);
        c.observe("openai", 100, 10_000);
        assertThat(c.factor("openai")).isEqualTo(3.0);
        c.observe("openai", 0, 50);
        c.observe("openai", 50, 0);
        assertThat(c.factor("openai")).isEqualTo(3.0);
    }
}
