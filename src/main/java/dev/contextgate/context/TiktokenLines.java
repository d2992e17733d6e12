package dev.contextgate.context;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads tiktoken's vocabulary format ({@code base64 rank} per line) in place, without a String or
 * array per line: the file has 200k lines, and loading happens inside a small heap. Lines are
 * addressed by the offset where they start; {@code line} numbers are only for error messages.
 */
final class TiktokenLines {

    private static final byte[] SEXTETS = new byte[128];

    static {
        Arrays.fill(SEXTETS, (byte) -1);
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        for (int i = 0; i < alphabet.length(); i++) {
            SEXTETS[alphabet.charAt(i)] = (byte) i;
        }
    }

    private final byte[] file;

    TiktokenLines(byte[] file) {
        this.file = file;
    }

    /** Where the line after the one starting at {@code at} starts ({@code file.length} after the last). */
    int next(int at) {
        int newline = newline(at);
        return newline < file.length ? newline + 1 : newline;
    }

    /** How many bytes the line's token decodes to. */
    int decodedLength(int at, int line) {
        int space = space(at, line);
        int length = space - at;
        if (length == 0 || length % 4 != 0) {
            throw invalid(at, line, "base64 of a length that is not a positive multiple of 4");
        }
        return length / 4 * 3 - padding(space);
    }

    /** Decodes the line's token into {@code out} at {@code pos}; returns the position after it. */
    int decode(int at, int line, byte[] out, int pos) {
        int space = space(at, line);
        int end = space - padding(space);
        int bits = 0;
        int held = 0;
        for (int i = at; i < end; i++) {
            int sextet = file[i] < 0 ? -1 : SEXTETS[file[i]];
            if (sextet < 0) {
                throw invalid(at, line, "not base64");
            }
            bits = (bits << 6) | sextet;
            held += 6;
            if (held >= 8) {
                held -= 8;
                out[pos++] = (byte) (bits >>> held);
            }
        }
        return pos;
    }

    /** The rank the line declares. */
    long rank(int at, int line) {
        int from = space(at, line) + 1;
        int to = contentEnd(at);
        if (from == to || to - from > 10) {
            throw invalid(at, line, "no rank, or one too long");
        }
        long rank = 0;
        for (int i = from; i < to; i++) {
            if (file[i] < '0' || file[i] > '9') {
                throw invalid(at, line, "a rank that is not a decimal number");
            }
            rank = rank * 10 + (file[i] - '0');
        }
        return rank;
    }

    /** How many {@code =} end the base64 before {@code space}. */
    private int padding(int space) {
        return file[space - 1] != '=' ? 0 : file[space - 2] != '=' ? 1 : 2;
    }

    private int newline(int at) {
        int i = at;
        while (i < file.length && file[i] != '\n') {
            i++;
        }
        return i;
    }

    /** The end of the line's text, before {@code \n} or {@code \r\n}. */
    private int contentEnd(int at) {
        int end = newline(at);
        return end > at && file[end - 1] == '\r' ? end - 1 : end;
    }

    private int space(int at, int line) {
        int end = contentEnd(at);
        for (int i = at; i < end; i++) {
            if (file[i] == ' ') {
                return i;
            }
        }
        throw invalid(at, line, "no space between token and rank");
    }

    private IllegalStateException invalid(int at, int line, String problem) {
        String text = new String(file, at, Math.min(contentEnd(at) - at, 80), StandardCharsets.UTF_8);
        return new IllegalStateException("line " + (line + 1) + " of " + O200kRanks.RESOURCE + ": " + problem + ": '" + text + "'");
    }
}
