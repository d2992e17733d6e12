package dev.contextgate.cli;

import ch.qos.logback.classic.Level;
import dev.contextgate.Application;
import dev.contextgate.RunningGateway;
import dev.contextgate.config.ConfigException;
import dev.contextgate.config.ConfigLoader;
import dev.contextgate.config.GatewayConfig;
import dev.contextgate.config.ServerConfig;
import dev.contextgate.observe.LogSetup;
import java.io.IOException;
import java.io.PrintWriter;

/** The gateway a CLI client talks to: the one answering at a URL, or one started in this process on a free port. */
final class LocalGateway implements AutoCloseable {

    private final String url;
    private final RunningGateway started;

    private LocalGateway(String url, RunningGateway started) {
        this.url = url;
        this.started = started;
    }

    String url() {
        return url;
    }

    /** Uses the gateway at {@code url} when a ContextGate answers there; else starts one (loopback, free port). */
    static LocalGateway reachOrStart(String url, String dataDir, String configFile, PrintWriter err) throws IOException {
        if (new GatewayClient(url, null).answers()) {
            return new LocalGateway(url, null);
        }
        GatewayConfig cfg;
        try {
            cfg = ConfigLoader.forThisProcess().load(new ConfigLoader.Flags("127.0.0.1", null, dataDir, configFile));
        } catch (ConfigException e) {
            throw new IOException("no gateway answers at " + url + ", and one cannot be started here: "
                    + String.join("; ", e.problems()));
        }
        ServerConfig s = cfg.server();
        GatewayConfig inProcess = new GatewayConfig(new ServerConfig("127.0.0.1", 0, s.dataDir(), s.maxBodyBytes()),
                cfg.store(), cfg.providers(), cfg.models(), cfg.keys(), cfg.simulated(), cfg.defaultModel());
        LogSetup.configure(LogSetup.Format.TEXT, Level.WARN, System.err);
        RunningGateway gateway = Application.start(inProcess);
        String local = "http://127.0.0.1:" + gateway.port();
        err.println("(no gateway at " + url + "; started one in this process at " + local
                + (cfg.providers().stream().allMatch(p -> p.type() == dev.contextgate.config.ProviderType.SIMULATED)
                        ? ", simulated provider" : "") + ")");
        err.flush();
        return new LocalGateway(local, gateway);
    }

    @Override
    public void close() {
        if (started != null) {
            started.close();
        }
    }
}
