package dev.contextgate.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine;

/**
 * The gateway's version: the jar manifest's {@code Implementation-Version}, else Maven's
 * {@code pom.properties} packed in the jar, else {@code dev} (running from classes, as in tests).
 */
public final class Version implements CommandLine.IVersionProvider {

    private static final String POM_PROPERTIES = "/META-INF/maven/dev.contextgate/contextgate/pom.properties";

    public static String current() {
        String v = Version.class.getPackage().getImplementationVersion();
        if (v != null && !v.isBlank()) {
            return v;
        }
        try (InputStream in = Version.class.getResourceAsStream(POM_PROPERTIES)) {
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

    @Override
    public String[] getVersion() {
        return new String[] {"contextgate " + current()};
    }
}
