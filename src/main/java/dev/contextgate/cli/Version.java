package dev.contextgate.cli;

import dev.contextgate.GatewayVersion;
import picocli.CommandLine;

/** {@code --version}: the gateway's version as {@link GatewayVersion} knows it. */
public final class Version implements CommandLine.IVersionProvider {

    public static String current() {
        return GatewayVersion.current();
    }

    @Override
    public String[] getVersion() {
        return new String[] {"contextgate " + current()};
    }
}
