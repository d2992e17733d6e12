package dev.contextgate.config;

/**
 * Reads a TCP port from text, refusing anything outside 1–65535 with a message that names where the
 * value came from, why it is wrong and what to use instead.
 */
final class Ports {

    private Ports() {}

    /**
     * @param label how the user wrote it: {@code --port}, {@code CONTEXTGATE_PORT}, {@code contextgate.yaml:3: server.port}
     * @param hint what to write instead, for the default: {@code --port 61909}, {@code CONTEXTGATE_PORT=61909}, ...
     * @return the port, or -1 after adding a problem
     */
    static int parse(String text, String label, String hint, Problems problems) {
        String value = text.strip();
        String reason;
        try {
            long port = Long.parseLong(value);
            if (port >= 1 && port <= 65535) {
                return (int) port;
            }
            reason = port > 65535 ? "TCP ports stop at 65535" : "TCP ports start at 1";
        } catch (NumberFormatException e) {
            reason = "a port is a whole number from 1 to 65535";
        }
        problems.add(label + " " + value + " is not a TCP port: " + reason + ". ContextGate's default is "
                + ServerConfig.DEFAULT_PORT + " (try " + hint + ").");
        return -1;
    }
}
