package dev.contextgate.context;

import dev.contextgate.config.ModelConfig;
import java.util.List;
import java.util.Locale;

/**
 * Context windows and output limits of current models, by name prefix (longest match wins), with the
 * config's per-model overrides on top. Unknown models get a conservative default so that fitting
 * still protects them.
 */
public final class ModelLimits {

    /** A model's window (input + output tokens) and the most it may write in one reply. */
    public record Limits(int contextWindow, int maxOutputTokens) {}

    static final Limits UNKNOWN = new Limits(32_768, 4_096);

    private record Entry(String prefix, Limits limits) {}

    // Published figures, Nov 2026; the config's context_window / max_output_tokens override any of them.
    private static final List<Entry> TABLE = List.of(
            new Entry("claude-opus-4", new Limits(200_000, 32_000)),
            new Entry("claude-sonnet-4", new Limits(200_000, 64_000)),
            new Entry("claude-haiku-4", new Limits(200_000, 64_000)),
            new Entry("claude-3-7-sonnet", new Limits(200_000, 64_000)),
            new Entry("claude-3-5-haiku", new Limits(200_000, 8_192)),
            new Entry("claude-3-5-sonnet", new Limits(200_000, 8_192)),
            new Entry("claude-3", new Limits(200_000, 4_096)),
            new Entry("claude", new Limits(200_000, 8_192)),
            new Entry("gpt-5", new Limits(400_000, 128_000)),
            new Entry("gpt-4.1", new Limits(1_047_576, 32_768)),
            new Entry("gpt-4o", new Limits(128_000, 16_384)),
            new Entry("gpt-4-turbo", new Limits(128_000, 4_096)),
            new Entry("gpt-4", new Limits(8_192, 8_192)),
            new Entry("gpt-3.5-turbo", new Limits(16_385, 4_096)),
            new Entry("chatgpt-4o", new Limits(128_000, 16_384)),
            new Entry("o1-mini", new Limits(128_000, 65_536)),
            new Entry("o1", new Limits(200_000, 100_000)),
            new Entry("o3", new Limits(200_000, 100_000)),
            new Entry("o4-mini", new Limits(200_000, 100_000)),
            new Entry("gemini-2.5", new Limits(1_048_576, 65_536)),
            new Entry("gemini-2.0", new Limits(1_048_576, 8_192)),
            new Entry("gemini-1.5-pro", new Limits(2_097_152, 8_192)),
            new Entry("gemini", new Limits(1_048_576, 8_192)),
            new Entry("llama-3.1", new Limits(131_072, 8_192)),
            new Entry("llama-3.2", new Limits(131_072, 8_192)),
            new Entry("llama-3.3", new Limits(131_072, 8_192)),
            new Entry("llama3", new Limits(131_072, 8_192)),
            new Entry("mistral-large", new Limits(131_072, 8_192)),
            new Entry("mistral", new Limits(32_768, 8_192)),
            new Entry("mixtral", new Limits(32_768, 8_192)),
            new Entry("qwen", new Limits(32_768, 8_192)),
            new Entry("deepseek", new Limits(65_536, 8_192)),
            new Entry("simulated", new Limits(200_000, 8_192)));

    private final List<ModelConfig> overrides;

    public ModelLimits(List<ModelConfig> overrides) {
        this.overrides = List.copyOf(overrides);
    }

    /**
     * @param requested the name the caller used (an alias may carry an override)
     * @param upstream the provider's own name for the model
     */
    public Limits lookup(String requested, String upstream) {
        Limits base = builtIn(upstream);
        if (base == UNKNOWN) {
            base = builtIn(requested);
        }
        for (ModelConfig m : overrides) {
            if (m.name().equals(requested) || m.name().equals(upstream)) {
                return new Limits(m.contextWindow() != null ? m.contextWindow() : base.contextWindow(),
                        m.maxOutputTokens() != null ? m.maxOutputTokens() : base.maxOutputTokens());
            }
        }
        return base;
    }

    static Limits builtIn(String model) {
        String name = model.toLowerCase(Locale.ROOT);
        int slash = name.lastIndexOf('/');
        if (slash >= 0) {
            name = name.substring(slash + 1);
        }
        Entry best = null;
        for (Entry e : TABLE) {
            if (name.startsWith(e.prefix()) && (best == null || e.prefix().length() > best.prefix().length())) {
                best = e;
            }
        }
        return best == null ? UNKNOWN : best.limits();
    }
}
