package dev.contextgate.context;

import java.util.Random;

/**
 * Seeded random text that stresses the split and the merge: runs from many scripts and categories
 * (cased letters, marks, digits of several kinds, whitespace of several kinds, symbols, emoji with
 * modifiers and joiners, apostrophes next to contraction letters) and lone surrogates.
 */
final class RandomText {

    /** Each entry is a pool of code points (or fragments) that a run draws from. */
    private static final String[] POOLS = {
        "abcdefghijklmnopqrstuvwxyz",
        "ABCDEFGHIJKLMNOPQRSTUVWXYZ",
        "0123456789",
        " ",
        " \t\n\r\u000B\f\u00A0\u2003\u3000\u2028\u0085",
        "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~",
        "'",
        "sStTdDmMlLrReEvV",
        "àáâãäåæçèéêëìíîïðñòóôõöøùúûüýþÿßÀÉÎÕÜ",
        "αβγδεζηθικλμνξοπρστυφχψωΑΒΓΔΕΖΗΘ",
        "абвгдежзийклмнопрстуфхцчшщъыьэюяАБВГДЕЖ",
        "的一是不了人我在有他这中大来上们到说国和地也子时道出而要于就",
        "あいうえおかきくけこアイウエオカキクケコー",
        "ابتثجحخدذرزسشصضطظعغفقكلمنهوي",
        "कखगघङचछजझञटठडढणतथदधनपफबभमयरलवशसह",
        "\u093e\u093f\u0940\u0941\u0942\u0947\u0948\u094b\u094c\u094d\u0902\u0901",
        "\u0300\u0301\u0302\u0303\u0308\u0327\u20dd",
        "\u01C5\u01C8\u02B0\u02B2\u02E0\u3005\u00AA",
        "٠١٢٣٤٥٦٧٨٩½¾²³ⅫⅣ०१२३",
        "😀😃😄😁😆😅🤣😂🙂🙃😉😊👍👋✋🎉🚀🌍❤",
        "\u200D\uFE0F\uD83C\uDFFB\uD83C\uDFFD\uD83C\uDFFF",
        "𝐀𝐁𝐂𝐚𝐛𝐜𐐀𐐨𝟎𝟏",
        "€£¥©®™°±×÷§¶•…–—“”‘’«»",
    };

    private static final int[][] CODE_POINTS = new int[POOLS.length][];

    static {
        for (int i = 0; i < POOLS.length; i++) {
            CODE_POINTS[i] = POOLS[i].codePoints().toArray();
        }
    }

    private final Random random;

    RandomText(Random random) {
        this.random = random;
    }

    /** About {@code length} chars in runs of 1 to 8 from random pools, with the odd lone surrogate. */
    String next(int length) {
        StringBuilder sb = new StringBuilder(length + 8);
        while (sb.length() < length) {
            int roll = random.nextInt(40);
            if (roll == 0) {
                sb.append((char) (0xD800 + random.nextInt(0x400)));
            } else if (roll == 1) {
                sb.append((char) (0xDC00 + random.nextInt(0x400)));
            } else {
                int[] pool = CODE_POINTS[random.nextInt(CODE_POINTS.length)];
                for (int run = 1 + random.nextInt(8); run > 0; run--) {
                    sb.appendCodePoint(pool[random.nextInt(pool.length)]);
                }
            }
        }
        return sb.toString();
    }
}
