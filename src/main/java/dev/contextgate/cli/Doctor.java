package dev.contextgate.cli;

import dev.contextgate.config.ConfigException;
import dev.contextgate.config.ConfigLoader;
import dev.contextgate.config.GatewayConfig;
import dev.contextgate.config.Hosts;
import dev.contextgate.config.ProviderConfig;
import dev.contextgate.context.ContextStore;
import dev.contextgate.store.sqlite.SqliteStore;
import java.io.IOException;
import java.net.BindException;
import java.net.ConnectException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The checks behind {@code contextgate doctor}, in the order a user meets the problems: Java, config,
 * port, bind address, data dir, store, providers, a running gateway. Each row says what was seen and,
 * when it failed, what to do.
 */
final class Doctor {

    static final int MIN_JAVA = 21;

    private final ConfigLoader loader;
    private final ConfigLoader.Flags flags;
    private final String clientKey;
    private final ProviderProbe probe = new ProviderProbe();

    Doctor(ConfigLoader loader, ConfigLoader.Flags flags, String clientKey) {
        this.loader = loader;
        this.flags = flags;
        this.clientKey = clientKey;
    }

    DoctorReport run() {
        List<DoctorReport.Check> rows = new ArrayList<>();
        rows.add(java());
        GatewayConfig config;
        try {
            config = loader.load(flags);
            rows.add(DoctorReport.Check.pass("config", "loads and validates (" + config.providers().size()
                    + " provider" + (config.providers().size() == 1 ? "" : "s") + ", store " + config.store().url() + ")"));
        } catch (ConfigException e) {
            rows.add(DoctorReport.Check.fail("config", String.join("; ", e.problems()),
                    "correct the file, variable or flag named above; `contextgate serve --help` lists them"));
            rows.add(DoctorReport.Check.info("other checks", "skipped: they need a valid configuration", null));
            return new DoctorReport(rows);
        }
        String host = config.server().host();
        int port = config.server().port();
        GatewayClient gateway = new GatewayClient(GatewayClient.baseUrl(host, port), clientKey);
        Optional<String> running = runningGateway(gateway);
        rows.add(port(host, port, running));
        rows.add(bind(config));
        rows.add(dataDir(config.server().dataDir()));
        rows.add(store(config.store().url()));
        for (ProviderConfig p : config.providers()) {
            rows.add(probe.check(p));
        }
        rows.add(gatewayRow(gateway, host, port, running));
        return new DoctorReport(rows);
    }

    static DoctorReport.Check java() {
        Runtime.Version v = Runtime.version();
        String vendor = System.getProperty("java.vendor", "");
        String detail = "Java " + v + (vendor.isEmpty() ? "" : " (" + vendor + ")");
        if (v.feature() < MIN_JAVA) {
            return DoctorReport.Check.fail("java", detail + ": ContextGate needs " + MIN_JAVA + " or newer",
                    "install Temurin 21+ from https://adoptium.net (or `apt-get install openjdk-21-jdk`) and set JAVA_HOME");
        }
        return DoctorReport.Check.pass("java", detail);
    }

    private static Optional<String> runningGateway(GatewayClient gateway) {
        try {
            return gateway.health();
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    static DoctorReport.Check port(String host, int port, Optional<String> running) {
        String where = host + ":" + port;
        try {
            ServeCommand.checkFree(host, port);
            return DoctorReport.Check.pass("port", where + " is free");
        } catch (BindException e) {
            String msg = String.valueOf(e.getMessage()).toLowerCase(java.util.Locale.ROOT);
            if (!msg.contains("in use")) {
                return DoctorReport.Check.fail("port", "cannot listen on " + where + ": " + e.getMessage(),
                        "use an address of this machine with --host (127.0.0.1 for this machine only)");
            }
            String holder = PortHolder.describe(port);
            if (running.isPresent()) {
                return DoctorReport.Check.pass("port", where + " is held by " + holder
                        + ", a ContextGate " + running.get() + " answering /health");
            }
            return DoctorReport.Check.fail("port", where + " is held by " + holder + ", which is not a ContextGate",
                    "stop that process, or use another port: --port " + (port == 61909 ? 61910 : 61909));
        } catch (IOException e) {
            return DoctorReport.Check.fail("port", "cannot listen on " + where + ": " + e.getMessage(),
                    "use an address of this machine with --host (127.0.0.1 for this machine only)");
        }
    }

    static DoctorReport.Check bind(GatewayConfig config) {
        String host = config.server().host();
        if (Hosts.isLoopback(host)) {
            return DoctorReport.Check.pass("bind address", host + " is loopback: only this machine can connect");
        }
        if (!config.keys().isEmpty()) {
            return DoctorReport.Check.pass("bind address", host + " is reachable from the network; "
                    + config.keys().size() + " client key(s) guard it");
        }
        return DoctorReport.Check.fail("bind address", host + " is reachable from the network and no client key guards it",
                "add `keys:` to contextgate.yaml (see `contextgate hash-key`), or listen on 127.0.0.1");
    }

    static DoctorReport.Check dataDir(Path dir) {
        try {
            Files.createDirectories(dir);
            Path probe = Files.createTempFile(dir, ".doctor", ".tmp");
            Files.delete(probe);
            return DoctorReport.Check.pass("data dir", dir + " is writable");
        } catch (IOException | SecurityException e) {
            return DoctorReport.Check.fail("data dir", dir + " is not writable (" + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")",
                    "fix its owner or permissions (`chown -R $USER " + dir + "`), or choose another with --data DIR");
        }
    }

    static DoctorReport.Check store(String url) {
        if (!url.startsWith("sqlite:")) {
            return DoctorReport.Check.pass("store", url + " (nothing to open ahead of start)");
        }
        Path file = Path.of(url.substring("sqlite:".length()));
        try (ContextStore store = SqliteStore.open(file, Clock.systemUTC())) {
            return DoctorReport.Check.pass("store", file + " opens and is migrated (" + store.describe() + ")");
        } catch (RuntimeException e) {
            return DoctorReport.Check.fail("store", file + " does not open: " + rootMessage(e),
                    "check the file's permissions and free disk space; a corrupt file can be moved aside"
                            + " (ContextGate then starts a new one), or set store.url");
        }
    }

    static DoctorReport.Check gatewayRow(GatewayClient gateway, String host, int port, Optional<String> running) {
        String url = gateway.base().toString();
        if (running.isPresent()) {
            try {
                gateway.get("/v1/models");
                return DoctorReport.Check.pass("gateway", "ContextGate " + running.get() + " answers at " + url);
            } catch (GatewayClient.ApiException e) {
                if (e.status == 401) {
                    return DoctorReport.Check.fail("gateway", "ContextGate answers at " + url + " but wants a client key",
                            "set CONTEXTGATE_API_KEY to one of your client keys (not a provider key)");
                }
                return DoctorReport.Check.fail("gateway", url + "/v1/models: " + e.getMessage(), "see the gateway's log");
            } catch (IOException e) {
                return DoctorReport.Check.fail("gateway", url + ": " + e.getMessage(), "see the gateway's log");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return DoctorReport.Check.fail("gateway", "interrupted", null);
            }
        }
        try {
            gateway.probe("/health", java.time.Duration.ofSeconds(3));
            return DoctorReport.Check.fail("gateway", "something answers at " + url + ", but not a ContextGate",
                    "stop that process, or run ContextGate on another port with --port");
        } catch (ConnectException e) {
            return DoctorReport.Check.info("gateway", "not running: connection refused at " + url
                            + " (nothing listens on " + host + ":" + port + ")",
                    "start it with `contextgate serve`; if it runs already, it listens on another port (--port)"
                            + " or another interface (--host): pass the same flags to doctor");
        } catch (GatewayClient.ApiException e) {
            return DoctorReport.Check.fail("gateway", "something answers HTTP at " + url + " (" + e.status
                            + " on /health), but it is not a ContextGate",
                    "stop that process, or run ContextGate on another port with --port");
        } catch (java.net.http.HttpTimeoutException e) {
            return DoctorReport.Check.fail("gateway", "something accepts connections at " + url + " but does not answer HTTP",
                    "check the process holding port " + port + " (see the port row)");
        } catch (IOException e) {
            return DoctorReport.Check.fail("gateway", url + ": " + e.getMessage(),
                    "something listens there but does not answer HTTP; check the process holding port " + port);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return DoctorReport.Check.fail("gateway", "interrupted", null);
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable c = e;
        while (c.getCause() != null) {
            c = c.getCause();
        }
        return c.getMessage() == null ? c.toString() : c.getMessage();
    }
}
