package dev.contextgate.server;

/** The gateway's own version (from the jar manifest) and the API version it serves. */
public final class GatewayVersion {

    public static final String API_VERSION = "v1";

    private static final String CURRENT = find();

    private GatewayVersion() {}

    /** The {@code Implementation-Version} of the jar; {@code dev} when running from classes. */
    public static String current() {
        return CURRENT;
    }

    private static String find() {
        String v = GatewayVersion.class.getPackage().getImplementationVersion();
        return v == null || v.isBlank() ? "dev" : v;
    }
}
