package dev.contextgate.cli;

import dev.contextgate.config.ConfigLoader;
import picocli.CommandLine.Option;

/** The flags that say which gateway is meant, shared by {@code serve} and {@code doctor}. */
final class ServerFlags {

    @Option(names = "--host", paramLabel = "HOST", description = "address to listen on (default 127.0.0.1; env CONTEXTGATE_HOST)")
    String host;

    @Option(names = "--port", paramLabel = "PORT", description = "TCP port, 1-65535 (default 61909; env CONTEXTGATE_PORT or LISTEN_PORT)")
    String port;

    @Option(names = "--data", paramLabel = "DIR", description = "data directory (default ~/.contextgate; env CONTEXTGATE_DATA_DIR)")
    String data;

    @Option(names = "--config", paramLabel = "FILE", description = "config file (default ./contextgate.yaml if present; env CONTEXTGATE_CONFIG)")
    String config;

    ConfigLoader.Flags toFlags() {
        return new ConfigLoader.Flags(host, port, data, config);
    }
}
