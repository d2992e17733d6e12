package dev.contextgate.cli;

import dev.contextgate.config.ProviderConfig;
import dev.contextgate.config.ProviderType;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.time.Duration;

/**
 * One cheap authenticated call per provider, to tell "unreachable" from "key refused" from "fine":
 * {@code GET {base}/models} for OpenAI-compatible servers, {@code GET {base}/v1/models} for Anthropic.
 * The key is sent only in the header; it never appears in what this returns.
 */
final class ProviderProbe {

    static final Duration TIMEOUT = Duration.ofSeconds(8);
    static final String ANTHROPIC_VERSION = "2023-06-01";

    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1).connectTimeout(TIMEOUT).build();

    DoctorReport.Check check(ProviderConfig p) {
        String name = "provider " + p.name();
        if (p.type() == ProviderType.SIMULATED) {
            return DoctorReport.Check.pass(name, "built-in simulated provider (offline, no key needed)");
        }
        URI uri = modelsUri(p);
        HttpRequest.Builder req = HttpRequest.newBuilder(uri).timeout(TIMEOUT).GET();
        p.headers().forEach(req::header);
        if (p.type() == ProviderType.ANTHROPIC) {
            req.header("anthropic-version", ANTHROPIC_VERSION);
            if (p.hasKey()) {
                req.header("x-api-key", p.apiKey());
            }
        } else if (p.hasKey()) {
            req.header("Authorization", "Bearer " + p.apiKey());
        }
        String where = "GET " + uri;
        long t0 = System.nanoTime();
        HttpResponse<Void> r;
        try {
            r = http.send(req.build(), HttpResponse.BodyHandlers.discarding());
        } catch (HttpConnectTimeoutException e) {
            return DoctorReport.Check.fail(name, where + ": no connection within " + TIMEOUT.toSeconds() + " s",
                    "check that " + uri.getHost() + " is reachable from here (proxy, firewall, VPN) and base_url is right");
        } catch (HttpTimeoutException e) {
            return DoctorReport.Check.fail(name, where + ": connected, but no answer within " + TIMEOUT.toSeconds() + " s",
                    "the server is up but slow or stuck; try again, or check its own logs");
        } catch (ConnectException e) {
            return DoctorReport.Check.fail(name, where + ": connection refused: nothing listens at "
                    + uri.getHost() + ":" + port(uri), startHint(p));
        } catch (IOException e) {
            if (isUnknownHost(e)) {
                return DoctorReport.Check.fail(name, where + ": unknown host " + uri.getHost(),
                        "check the spelling of base_url (or " + envPrefix(p) + "_BASE_URL) and your DNS");
            }
            return DoctorReport.Check.fail(name, where + ": " + e, "check base_url and that the server speaks HTTP(S)");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return DoctorReport.Check.fail(name, where + ": interrupted", null);
        }
        long ms = (System.nanoTime() - t0) / 1_000_000;
        int status = r.statusCode();
        String seen = where + " → " + status + " in " + ms + " ms";
        if (status >= 200 && status < 300) {
            return DoctorReport.Check.pass(name, seen + (p.hasKey() ? ", key accepted" : ""));
        }
        if (status == 401 || status == 403) {
            String detail = p.hasKey() ? "the key was refused (" + status + ")" : "the server wants a key and none is set (" + status + ")";
            return DoctorReport.Check.fail(name, seen + ": " + detail,
                    "set a valid key in " + keySource(p) + " (a key from that provider's console, not a ContextGate client key)");
        }
        if (status == 404) {
            return DoctorReport.Check.fail(name, seen + ": the models path does not exist there",
                    "check base_url: OpenAI-style servers want it with /v1, Anthropic without");
        }
        if (status == 429) {
            return DoctorReport.Check.pass(name, seen + ": key accepted, but rate limited right now");
        }
        return DoctorReport.Check.fail(name, seen + ": the server answered with an error",
                "try again later; if it persists, check the provider's status page");
    }

    static URI modelsUri(ProviderConfig p) {
        String base = p.baseUrl() != null ? p.baseUrl() : p.type().defaultBaseUrl();
        base = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
        if (p.type() == ProviderType.ANTHROPIC) {
            base = base.endsWith("/v1") ? base.substring(0, base.length() - 3) : base;
            return URI.create(base + "/v1/models");
        }
        return URI.create(base + "/models");
    }

    private static int port(URI uri) {
        return uri.getPort() > 0 ? uri.getPort() : "https".equals(uri.getScheme()) ? 443 : 80;
    }

    private static boolean isUnknownHost(Throwable e) {
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (c instanceof UnknownHostException || c instanceof UnresolvedAddressException) {
                return true;
            }
        }
        return false;
    }

    private static String startHint(ProviderConfig p) {
        return "start that server (e.g. `ollama serve`), or correct base_url"
                + (p.type() == ProviderType.OPENAI ? " (or OPENAI_BASE_URL)" : " (or ANTHROPIC_BASE_URL)");
    }

    private static String envPrefix(ProviderConfig p) {
        return p.type() == ProviderType.ANTHROPIC ? "ANTHROPIC" : "OPENAI";
    }

    private static String keySource(ProviderConfig p) {
        return "providers[" + p.name() + "].api_key or " + envPrefix(p) + "_API_KEY";
    }
}
