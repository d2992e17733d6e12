package dev.contextgate.context;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** Small vocabularies in tiktoken's file format, for tests that need to know every rank. */
final class TiktokenFiles {

    /** Lines for the single bytes 0..singleBytes-1, then the given ASCII tokens, ranked in that order. */
    static byte[] vocabulary(int singleBytes, String... more) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int b = 0; b < singleBytes; b++) {
            out.writeBytes(line(new byte[] {(byte) b}, b));
        }
        for (int i = 0; i < more.length; i++) {
            out.writeBytes(line(ascii(more[i]), singleBytes + i));
        }
        return out.toByteArray();
    }

    /** The file with {@code text} (ASCII) after it. */
    static byte[] append(byte[] file, String text) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(file);
        out.writeBytes(ascii(text));
        return out.toByteArray();
    }

    static byte[] line(byte[] token, int rank) {
        return ascii(Base64.getEncoder().encodeToString(token) + " " + rank + "\n");
    }

    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    private TiktokenFiles() {
    }
}
