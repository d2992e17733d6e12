package dev.contextgate.server;

import java.security.SecureRandom;
import java.util.regex.Pattern;

/** The caller's {@code X-Request-Id} when it is sane, else a fresh {@code req_...}. */
final class RequestIds {

    private static final Pattern SANE = Pattern.compile("[A-Za-z0-9._:-]{1,128}");
    private static final char[] ALPHABET = "0123456789abcdefghijklmnopqrstuvwxyz".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();

    private RequestIds() {}

    static String fromCaller(String sent) {
        return sent != null && SANE.matcher(sent).matches() ? sent : fresh();
    }

    static String fresh() {
        char[] id = new char[24];
        for (int i = 0; i < id.length; i++) {
            id[i] = ALPHABET[RANDOM.nextInt(ALPHABET.length)];
        }
        return "req_" + new String(id);
    }
}
