package dev.contextgate.cli;

import dev.contextgate.Application;
import dev.contextgate.RunningGateway;
import dev.contextgate.config.ConfigException;
import dev.contextgate.config.ConfigLoader;
import dev.contextgate.config.GatewayConfig;
import dev.contextgate.observe.LogSetup;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code contextgate serve}: load and check the configuration, make sure the port is free, start, wait. */
@Command(
        name = "serve",
        mixinStandardHelpOptions = true,
        description = "Start the gateway (default http://127.0.0.1:61909). Flags win over the environment,"
                + " which wins over the config file.")
final class ServeCommand implements Callable<Integer> {

    @Mixin
    ServerFlags server = new ServerFlags();

    @Option(names = "--log-format", paramLabel = "text|json",
            description = "log lines as text or one JSON object per line, on stderr (default text; env CONTEXTGATE_LOG_FORMAT)")
    String logFormat;

    @Option(names = "--log-level", paramLabel = "LEVEL",
            description = "trace, debug, info, warn, error or off (default info; env CONTEXTGATE_LOG_LEVEL)")
    String logLevel;

    @Option(names = "--allow-open-bind",
            description = "accept a non-loopback --host without client keys (for a container published on the host's"
                    + " loopback only; env CONTEXTGATE_ALLOW_OPEN_BIND=true)")
    boolean allowOpenBind;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try {
            String format = logFormat != null ? logFormat : System.getenv("CONTEXTGATE_LOG_FORMAT");
            String level = logLevel != null ? logLevel : System.getenv("CONTEXTGATE_LOG_LEVEL");
            LogSetup.configure(LogSetup.format(format), LogSetup.level(level), System.err);
        } catch (IllegalArgumentException e) {
            err.println("contextgate: " + e.getMessage() + " (set by --log-format/--log-level or CONTEXTGATE_LOG_FORMAT/_LEVEL)");
            return Main.USAGE;
        }
        GatewayConfig cfg;
        try {
            ConfigLoader loader = ConfigLoader.forThisProcess();
            cfg = (allowOpenBind ? loader.allowingOpenBind() : loader).load(server.toFlags());
        } catch (ConfigException e) {
            e.problems().forEach(p -> err.println("contextgate: " + p));
            return Main.USAGE;
        }
        String listenHost = cfg.server().host();
        int listenPort = cfg.server().port();
        try {
            checkFree(listenHost, listenPort);
        } catch (BindException e) {
            if (!isInUse(e)) {
                err.println("contextgate: cannot listen on " + listenHost + ":" + listenPort + ": " + e.getMessage()
                        + " (is " + listenHost + " an address of this machine?)");
                return Main.USAGE;
            }
            err.println(portTaken(listenHost, listenPort));
            return Main.FAILED;
        } catch (IOException e) {
            err.println("contextgate: cannot listen on " + listenHost + ":" + listenPort + ": " + e.getMessage());
            return Main.USAGE;
        }

        RunningGateway gateway;
        try {
            gateway = Application.start(cfg);
        } catch (BindException e) {
            err.println(portTaken(listenHost, listenPort));
            return Main.FAILED;
        } catch (IOException | RuntimeException e) {
            err.println("contextgate: could not start: " + (e.getMessage() == null ? e.toString() : e.getMessage()));
            return Main.FAILED;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            gateway.close();
            LogSetup.flush(); // the last lines, gathered for up to LogSetup.FLUSH_EVERY
        }, "contextgate-shutdown"));
        out.print(Banner.render(cfg, Version.current(), gateway.port()));
        out.flush();
        gateway.awaitStop();
        return 0;
    }

    /** Binds and releases the address, so a taken port is reported before anything is built. */
    static void checkFree(String host, int port) throws IOException {
        InetSocketAddress address = new InetSocketAddress(host, port);
        if (address.isUnresolved()) {
            throw new IOException("the host name " + host + " does not resolve");
        }
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(address);
        }
    }

    private static boolean isInUse(BindException e) {
        return e.getMessage() == null || e.getMessage().toLowerCase(java.util.Locale.ROOT).contains("in use");
    }

    static String portTaken(String host, int port) {
        return "contextgate: port " + port + " on " + host + " is already in use by " + PortHolder.describe(port)
                + ". Stop that process, or start ContextGate on another port with --port.";
    }
}
