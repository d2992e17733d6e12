package dev.contextgate.config;

import java.util.Locale;
import java.util.regex.Pattern;

/** Which listen addresses stay on this machine, and the rule that guards the others. */
public final class Hosts {

    private static final Pattern IPV4 = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})");

    private Hosts() {}

    /**
     * True for {@code localhost}, 127.0.0.0/8 and {@code ::1}. Decided from the text alone (no DNS):
     * any other name or address, including 0.0.0.0 and ::, may be reached from the network.
     */
    public static boolean isLoopback(String host) {
        String h = host.strip().toLowerCase(Locale.ROOT);
        if (h.startsWith("[") && h.endsWith("]")) {
            h = h.substring(1, h.length() - 1);
        }
        if (h.equals("localhost") || h.equals("localhost.")) {
            return true;
        }
        var m = IPV4.matcher(h);
        if (m.matches()) {
            for (int i = 1; i <= 4; i++) {
                if (Integer.parseInt(m.group(i)) > 255) {
                    return false;
                }
            }
            return m.group(1).equals("127");
        }
        return h.equals("::1") || h.matches("(0{1,4}:){7}0{0,3}1") || h.matches("(0{1,4}:){1,6}:0{0,3}1");
    }

    /** The message for a non-loopback host without client keys; {@code source} says where the host was set. */
    static String bindRefusal(String host, String source) {
        return source + " " + host + ": refusing to listen beyond this machine without client keys, because"
                + " anyone on the network could then spend your provider keys. Add a client key: run"
                + " `contextgate hash-key` (or `printf %s 'secret' | sha256sum`) and put the hash in"
                + " contextgate.yaml as `keys: [{name: me, key_sha256: <hash>}]`; or listen on 127.0.0.1. (In a container whose port is published on the host's loopback only, `serve --allow-open-bind` accepts it.)";
    }
}
