package dev.contextgate.observe;

import dev.contextgate.server.RouteTable;
import dev.contextgate.server.Routes;
import java.nio.charset.StandardCharsets;

/** {@code GET /metrics} in the Prometheus text format; like {@code /health}, no key needed. */
public final class MetricsRoutes implements Routes {

    static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final Metrics metrics;

    public MetricsRoutes(Metrics metrics) {
        this.metrics = metrics;
    }

    @Override
    public void register(RouteTable table) {
        table.add("GET", "/metrics",
                exchange -> exchange.respond(200, CONTENT_TYPE, metrics.scrape().getBytes(StandardCharsets.UTF_8)));
    }
}
