package dev.contextgate;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * The gateway's own version (from the build, filtered into {@code contextgate-version.properties}, so
 * it is right from the jar and from classes alike) and the API version it serves.
 */
public final class GatewayVersion {

    public static final String API_VERSION = "v1";

    private static final String CURRENT = read();

    private GatewayVersion() {}

    public static String current() {
        return CURRENT;
    }

    private static String read() {
        try (InputStream in = GatewayVersion.class.getResourceAsStream("/contextgate-version.properties")) {
            if (in == null) {
                throw new IllegalStateException("contextgate-version.properties is missing from the build");
            }
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
