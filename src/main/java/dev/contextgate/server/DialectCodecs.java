package dev.contextgate.server;

import dev.contextgate.dialect.ServerCodec;
import java.util.Map;
import java.util.Objects;

/**
 * Which dialect renders the errors of a request that no route handled yet (unknown path, wrong
 * method, missing key): Anthropic's for {@code /v1/messages*} and for {@code /v1/models} asked with an
 * {@code anthropic-version} header, OpenAI's everywhere else.
 */
public record DialectCodecs(ServerCodec openAi, ServerCodec anthropic) {

    public DialectCodecs {
        Objects.requireNonNull(openAi, "openAi");
        Objects.requireNonNull(anthropic, "anthropic");
    }

    ServerCodec forRequest(String path, Map<String, String> headers) {
        if (path.equals("/v1/messages") || path.startsWith("/v1/messages/")) {
            return anthropic;
        }
        if (path.equals("/v1/models") && headers.containsKey("anthropic-version")) {
            return anthropic;
        }
        return openAi;
    }
}
