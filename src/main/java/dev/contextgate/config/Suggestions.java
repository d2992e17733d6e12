package dev.contextgate.config;

import java.util.Collection;
import java.util.Locale;

/** "Did you mean ...?" for misspelt keys and values. */
final class Suggestions {

    private Suggestions() {}

    /**
     * The closest candidate within a small edit distance; else the one candidate that is the word plus a tail
     * ({@code timeout} for {@code timeout_seconds}: keys name their unit, and people leave it out); else null.
     */
    static String closest(String word, Collection<String> candidates) {
        String lower = word.toLowerCase(Locale.ROOT);
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : candidates) {
            int d = distance(lower, candidate.toLowerCase(Locale.ROOT));
            if (d < bestDistance) {
                best = candidate;
                bestDistance = d;
            }
        }
        int allowed = Math.max(1, Math.min(3, word.length() / 3));
        return bestDistance <= allowed ? best : withTail(lower, candidates);
    }

    private static String withTail(String word, Collection<String> candidates) {
        String found = null;
        for (String candidate : candidates) {
            if (candidate.toLowerCase(Locale.ROOT).startsWith(word + "_")) {
                if (found != null) {
                    return null; // two would fit: a guess would mislead as often as help
                }
                found = candidate;
            }
        }
        return found;
    }

    /** " (did you mean 'x'?)" or the empty string. */
    static String didYouMean(String word, Collection<String> candidates) {
        String s = closest(word, candidates);
        return s == null ? "" : " (did you mean '" + s + "'?)";
    }

    /** Optimal string alignment distance: Levenshtein plus adjacent transpositions ("prot" → "port" is 1). */
    static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}
