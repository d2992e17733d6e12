package dev.contextgate.server;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/**
 * The gateway's own version and the API version it serves. The version is the jar manifest's
 * {@code Implementation-Version}, else Maven's {@code pom.properties} packed in the jar, else {@code dev}
 * (running from classes, as in tests) — the same rule as the CLI's {@code --version}.
 */
public final class GatewayVersion {

    public static final String API_VERSION = "v1";

    private static final String POM_PROPERTIES = "/META-INF/maven/dev.contextgate/contextgate/pom.properties";
    private static final String CURRENT = find();

    private GatewayVersion() {}

    public static String current() {
        return CURRENT;
    }

    private static String find() {
        String v = GatewayVersion.class.getPackage().getImplementationVersion();
        if (v != null && !v.isBlank()) {
            return v;
        }
        try (InputStream in = GatewayVersion.class.getResourceAsStream(POM_PROPERTIES)) {
            if (in != null) {
                Properties p = new Properties();
                p.load(in);
                String pv = p.getProperty("version");
                if (pv != null && !pv.isBlank()) {
                    return pv;
                }
            }
        } catch (IOException e) {
            // fall through to "dev"
        }
        return "dev";
    }
}
