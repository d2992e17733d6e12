package dev.contextgate.observe;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ModelLabelsTest {

    private final ModelLabels labels = new ModelLabels(List.of("gpt-4o", "gpt-4o-mini", "fast"));

    @Test
    void knownNamesStayAndDatedVariantsFoldIntoTheirKnownName() {
        assertThat(labels.of("fast")).isEqualTo("fast");
        assertThat(labels.of("gpt-4o-2024-08-06")).isEqualTo("gpt-4o");
        assertThat(labels.of("gpt-4o-mini-2024-07-18")).isEqualTo("gpt-4o-mini");
    }

    @Test
    void unknownNamesAreOtherAndNoModelIsNone() {
        assertThat(labels.of("my-own-finetune-123")).isEqualTo("other");
        assertThat(labels.of(null)).isEqualTo("none");
    }
}
