package dev.contextgate.server;

import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/** The caller's {@code X-Request-Id} when it is sane, else a fresh {@code req_...}. */
final class RequestIds {

    private static final Pattern SANE = Pattern.compile("[A-Za-z0-9._:-]{1,128}");
    private static final char[] ALPHABET = "0123456789abcdefghijklmnopqrstuvwxyz".toCharArray();

    private RequestIds() {}

    static String fromCaller(String sent) {
        return sent != null && SANE.matcher(sent).matches() ? sent : fresh();
    }

    /**
     * A request id is a label, not a secret: ThreadLocalRandom, not one SecureRandom shared by every
     * request (24 synchronized calls each, SHA-1 mixing included; in bench/run's JFR profile).
     */
    static String fresh() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        char[] id = new char[24];
        for (int i = 0; i < id.length; i++) {
            id[i] = ALPHABET[random.nextInt(ALPHABET.length)];
        }
        return "req_" + new String(id);
    }
}
