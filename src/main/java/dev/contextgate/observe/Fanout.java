package dev.contextgate.observe;

import dev.contextgate.chat.Usage;
import java.util.List;

/** Hands every report to several receivers (metrics, the request log). */
record Fanout(List<Telemetry> all) implements Telemetry {

    @Override
    public void requestDone(RequestRecord request) {
        all.forEach(t -> t.requestDone(request));
    }

    @Override
    public void streamOpened() {
        all.forEach(Telemetry::streamOpened);
    }

    @Override
    public void streamClosed() {
        all.forEach(Telemetry::streamClosed);
    }

    @Override
    public void recordUsage(String model, String provider, Usage usage) {
        all.forEach(t -> t.recordUsage(model, provider, usage));
    }

    @Override
    public void retry(String provider) {
        all.forEach(t -> t.retry(provider));
    }

    @Override
    public void fallback(String fromModel, String toModel) {
        all.forEach(t -> t.fallback(fromModel, toModel));
    }

    @Override
    public void modelCallDone(ModelCall call) {
        all.forEach(t -> t.modelCallDone(call));
    }

    @Override
    public void contextCommitted(long nanos) {
        all.forEach(t -> t.contextCommitted(nanos));
    }
}
