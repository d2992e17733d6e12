package dev.contextgate.provider;

import dev.contextgate.config.ProviderConfig;
import dev.contextgate.config.SimulatedConfig;
import dev.contextgate.config.TimeoutConfig;
import dev.contextgate.dialect.anthropic.AnthropicCodec;
import dev.contextgate.dialect.openai.OpenAiCodec;
import dev.contextgate.provider.anthropic.AnthropicProvider;
import dev.contextgate.provider.openai.OpenAiProvider;
import dev.contextgate.provider.simulated.SimulatedProvider;

/** Builds one provider from its configuration: the one place that maps a provider type to a class. */
final class ProviderFactory {

    private ProviderFactory() {}

    static Provider create(ProviderConfig config, SimulatedConfig simulated, TimeoutConfig timeouts) {
        HttpUpstream.Settings settings = HttpUpstream.Settings.of(config, timeouts);
        return switch (config.type()) {
            case ANTHROPIC -> new AnthropicProvider(config, new AnthropicCodec(), settings);
            case OPENAI -> new OpenAiProvider(config, new OpenAiCodec(), settings);
            case SIMULATED -> new SimulatedProvider(config.name(), simulated);
        };
    }
}
