package dev.contextgate.provider;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.OptionalDouble;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads samples out of a {@code /metrics} scrape in the Prometheus text format, for tests. */
final class PrometheusScrape {

    private PrometheusScrape() {}

    /** A scrape of the gateway on {@code port}. */
    static String fetch(HttpClient client, int port) throws IOException, InterruptedException {
        return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    /**
     * The value of the first sample of {@code name} whose labels contain {@code label} (a sample without labels
     * matches only an empty {@code label}); empty when there is none.
     */
    static OptionalDouble sample(String scrape, String name, String label) {
        Matcher m = Pattern.compile("(?m)^" + name + "(\\{[^}]*\\})? (\\S+)").matcher(scrape);
        while (m.find()) {
            if (m.group(1) == null ? label.isEmpty() : m.group(1).contains(label)) {
                return OptionalDouble.of(Double.parseDouble(m.group(2)));
            }
        }
        return OptionalDouble.empty();
    }
}
