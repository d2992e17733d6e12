package dev.contextgate.context;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Counts {@code o200k_base} tokens, giving the same numbers as jtokkit 1.1.0's
 * {@code countTokensOrdinary} (and tiktoken's): split the text with the encoding's regex, encode each
 * piece as UTF-8 and count what byte-pair merging leaves of it. Special-token markers such as
 * {@code <|endoftext|>} are ordinary text here. Thread-safe: the tables are immutable and each count
 * keeps its working space to itself.
 */
final class O200kCounter {

    /**
     * o200k's pre-tokenizer, alternative by alternative as jtokkit compiles it for Java: words with an
     * optional leading symbol and English contraction (cased two ways), up to three digits, symbol
     * runs, line breaks, whitespace not followed by text, other whitespace.
     */
    private static final Pattern SPLIT = Pattern.compile(String.join("|",
            "[^\\r\\n\\p{L}\\p{N}]?[\\p{Lu}\\p{Lt}\\p{Lm}\\p{Lo}\\p{M}]*[\\p{Ll}\\p{Lm}\\p{Lo}\\p{M}]+"
                    + "(?i:'s|'t|'re|'ve|'m|'ll|'d)?",
            "[^\\r\\n\\p{L}\\p{N}]?[\\p{Lu}\\p{Lt}\\p{Lm}\\p{Lo}\\p{M}]+[\\p{Ll}\\p{Lm}\\p{Lo}\\p{M}]*"
                    + "(?i:'s|'t|'re|'ve|'m|'ll|'d)?",
            "\\p{N}{1,3}",
            " ?[^\\s\\p{L}\\p{N}]+[\\r\\n/]*",
            "\\s*[\\r\\n]+",
            "\\s+(?!\\S)",
            "\\s+"), Pattern.UNICODE_CHARACTER_CLASS);

    /**
     * A piece longer than this many chars (an unspaced base64 blob, say) is counted window by window.
     * Merging holds ~36 bytes per byte of a piece, so one 30 MB piece (the body limit is 32 MiB) would
     * need ~1 GB of heap; windows keep it near 2 MB. The count may then differ from an unwindowed one by
     * a token or so at each cut, a few in every ten thousand.
     */
    static final int WINDOW_CHARS = 16 * 1024;

    private final O200kRanks ranks;

    O200kCounter(O200kRanks ranks) {
        this.ranks = ranks;
    }

    static O200kCounter load() {
        return new O200kCounter(O200kRanks.load());
    }

    int count(String text) {
        Matcher pieces = SPLIT.matcher(text);
        BytePairMerge merge = new BytePairMerge(ranks);
        byte[] utf8 = new byte[3 * BytePairMerge.IN_PLACE_LIMIT];
        int tokens = 0;
        while (pieces.find()) {
            int end = pieces.end();
            for (int from = pieces.start(); from < end; ) {
                int to = windowEnd(text, from, end);
                // A char is at most 3 bytes of UTF-8 (a surrogate pair is 4 for two chars).
                if (3 * (to - from) > utf8.length) {
                    utf8 = new byte[Math.max(3 * (to - from), 2 * utf8.length)];
                }
                tokens += merge.count(utf8, encodeUtf8(text, from, to, utf8));
                from = to;
            }
        }
        return tokens;
    }

    /** Where the window from {@code from} ends: the piece's end, or a cut that keeps surrogate pairs whole. */
    static int windowEnd(String text, int from, int end) {
        if (end - from <= WINDOW_CHARS) {
            return end;
        }
        int to = from + WINDOW_CHARS;
        return Character.isHighSurrogate(text.charAt(to - 1)) && Character.isLowSurrogate(text.charAt(to)) ? to + 1 : to;
    }

    /** Tokens in one piece of UTF-8 that the split would not cut further. */
    int countPiece(byte[] piece) {
        return new BytePairMerge(ranks).count(piece, piece.length);
    }

    /**
     * {@code text[from..to)} as UTF-8 into {@code out}; returns the length. Byte for byte what
     * {@code String.getBytes(UTF_8)} gives, which is what jtokkit counts: a surrogate without its
     * partner inside the range becomes {@code '?'}.
     */
    static int encodeUtf8(String text, int from, int to, byte[] out) {
        int n = 0;
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                out[n++] = (byte) c;
            } else if (c < 0x800) {
                out[n++] = (byte) (0xC0 | c >> 6);
                out[n++] = (byte) (0x80 | c & 0x3F);
            } else if (!Character.isSurrogate(c)) {
                out[n++] = (byte) (0xE0 | c >> 12);
                out[n++] = (byte) (0x80 | c >> 6 & 0x3F);
                out[n++] = (byte) (0x80 | c & 0x3F);
            } else if (Character.isHighSurrogate(c) && i + 1 < to && Character.isLowSurrogate(text.charAt(i + 1))) {
                int cp = Character.toCodePoint(c, text.charAt(++i));
                out[n++] = (byte) (0xF0 | cp >> 18);
                out[n++] = (byte) (0x80 | cp >> 12 & 0x3F);
                out[n++] = (byte) (0x80 | cp >> 6 & 0x3F);
                out[n++] = (byte) (0x80 | cp & 0x3F);
            } else {
                out[n++] = '?';
            }
        }
        return n;
    }
}
