package dev.contextgate.provider;

import java.util.Objects;

/**
 * Where one request goes: a provider and the model name that provider knows.
 *
 * @param requestedModel what the caller asked for (an alias, {@code provider/model}, or a plain name)
 */
public record Route(Provider provider, String upstreamModel, String requestedModel) {
    public Route {
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(upstreamModel, "upstreamModel");
        Objects.requireNonNull(requestedModel, "requestedModel");
    }
}
