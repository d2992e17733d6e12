package dev.contextgate.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.contextgate.dialect.Json;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;

/**
 * The CLI's HTTP client for a running gateway ({@code chat}, {@code contexts}, {@code doctor}). Sends a
 * client key as {@code Authorization: Bearer} when one is given ({@code CONTEXTGATE_API_KEY}).
 */
final class GatewayClient {

    /** A gateway answered with an error status; {@code message} is its error text. */
    static final class ApiException extends IOException {
        final int status;

        ApiException(int status, String message) {
            super(message);
            this.status = status;
        }
    }

    private final URI base;
    private final String clientKey;
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(3)).build();

    GatewayClient(String baseUrl, String clientKey) {
        this.base = URI.create(baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl);
        this.clientKey = clientKey == null || clientKey.isBlank() ? null : clientKey;
    }

    static String baseUrl(String host, int port) {
        return "http://" + Banner.urlHost(host) + ":" + port;
    }

    URI base() {
        return base;
    }

    /** The version a ContextGate reports on {@code /health}; empty when something else answers. */
    Optional<String> health() throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(request("/health").timeout(Duration.ofSeconds(3)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200 || r.headers().firstValue("x-contextgate-version").isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(r.headers().firstValue("x-contextgate-version").get());
    }

    /** True when a ContextGate answers {@code /health} here; false on connection refused or another server. */
    boolean answers() {
        try {
            return health().isPresent();
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    JsonNode get(String path) throws IOException, InterruptedException {
        return json(send(request(path).GET()));
    }

    JsonNode delete(String path) throws IOException, InterruptedException {
        return json(send(request(path).DELETE()));
    }

    JsonNode post(String path, String contentType, byte[] body) throws IOException, InterruptedException {
        return json(send(request(path).header("content-type", contentType).POST(HttpRequest.BodyPublishers.ofByteArray(body))));
    }

    String getText(String path) throws IOException, InterruptedException {
        return send(request(path).GET());
    }

    /** A GET that gives up after {@code timeout}: for probes of something that may not speak HTTP. */
    String probe(String path, Duration timeout) throws IOException, InterruptedException {
        return send(request(path).timeout(timeout).GET());
    }

    /** Posts JSON and returns the response body as a stream (for SSE); errors are thrown as {@link ApiException}. */
    InputStream stream(String path, String json) throws IOException, InterruptedException {
        HttpResponse<InputStream> r = http.send(request(path).header("content-type", "application/json")
                .header("accept", "text/event-stream").POST(HttpRequest.BodyPublishers.ofString(json)).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        if (r.statusCode() >= 400) {
            try (InputStream in = r.body()) {
                throw error(r.statusCode(), new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
            }
        }
        return r.body();
    }

    private String send(HttpRequest.Builder b) throws IOException, InterruptedException {
        HttpResponse<String> r;
        try {
            r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (ConnectException e) {
            throw new ConnectException("no gateway answers at " + base + " (start one with `contextgate serve`,"
                    + " or point --url at the one you run)");
        }
        if (r.statusCode() >= 400) {
            throw error(r.statusCode(), r.body());
        }
        return r.body();
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofMinutes(10));
        if (clientKey != null) {
            b.header("Authorization", "Bearer " + clientKey);
        }
        return b;
    }

    private static JsonNode json(String body) throws IOException {
        return body == null || body.isBlank() ? Json.MAPPER.createObjectNode() : Json.MAPPER.readTree(body);
    }

    private static ApiException error(int status, String body) {
        String message = body;
        try {
            JsonNode n = Json.MAPPER.readTree(body);
            message = n.path("error").path("message").asText(body);
        } catch (IOException | RuntimeException e) {
            // not JSON: the body as it came
        }
        return new ApiException(status, status + ": " + message);
    }
}
