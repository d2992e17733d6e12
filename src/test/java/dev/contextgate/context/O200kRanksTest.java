package dev.contextgate.context;

import static dev.contextgate.context.TiktokenFiles.append;
import static dev.contextgate.context.TiktokenFiles.ascii;
import static dev.contextgate.context.TiktokenFiles.vocabulary;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class O200kRanksTest {

    private static final O200kRanks RANKS = O200kRanks.load();

    @Test
    void holdsAllOfO200k() {
        assertThat(RANKS.size()).isEqualTo(199_998);
        assertThat(RANKS.rank(ascii("!"), 0, 1)).isZero();
        assertThat(RANKS.rank(ascii(" cocos"), 0, 6)).isEqualTo(199_997);
        assertThat(RANKS.rank(ascii("zzzzqqqq"), 0, 8)).isEqualTo(O200kRanks.NONE);
    }

    /** Every token's bytes, read back through the offsets, must hash to a slot that names its rank. */
    @Test
    void findsEveryTokenByItsBytes() {
        for (int rank = 0; rank < RANKS.size(); rank++) {
            byte[] token = RANKS.token(rank);
            assertThat(RANKS.rank(token, 0, token.length)).as("rank of token %d", rank).isEqualTo(rank);
        }
    }

    @Test
    void looksUpTheMiddleOfALargerArray() {
        assertThat(RANKS.rank(ascii("xx hello yy"), 2, 8))
                .isEqualTo(RANKS.rank(ascii(" hello"), 0, 6))
                .isNotEqualTo(O200kRanks.NONE);
    }

    @Test
    void parsesASmallVocabulary() {
        O200kRanks ranks = O200kRanks.parse(vocabulary(256, "ab", "abc"));
        assertThat(ranks.size()).isEqualTo(258);
        assertThat(ranks.rank(new byte[] {(byte) 200}, 0, 1)).isEqualTo(200);
        assertThat(ranks.rank(ascii("ab"), 0, 2)).isEqualTo(256);
        assertThat(ranks.rank(ascii("abc"), 0, 3)).isEqualTo(257);
        assertThat(ranks.token(257)).isEqualTo(ascii("abc"));
        assertThat(ranks.rank(ascii("bc"), 0, 2)).isEqualTo(O200kRanks.NONE);
    }

    @Test
    void rejectsRanksThatAreNotDenseAndInOrder() {
        assertThatThrownBy(() -> O200kRanks.parse(append(vocabulary(256), "YWI= 257\n")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("line 257 declares rank 257");
        assertThatThrownBy(() -> O200kRanks.parse(append(vocabulary(256), "YWI= 255\n")))
                .hasMessageContaining("line 257 declares rank 255");
    }

    @Test
    void rejectsRepeatedTokensAndMissingBytes() {
        assertThatThrownBy(() -> O200kRanks.parse(vocabulary(256, "ab", "ab")))
                .hasMessageContaining("rank 257 repeats the bytes of rank 256");
        assertThatThrownBy(() -> O200kRanks.parse(vocabulary(255, "ab")))
                .hasMessageContaining("byte 255 is not a token");
    }

    @Test
    void rejectsLinesThatAreNotBase64AndRank() {
        assertThatThrownBy(() -> O200kRanks.parse(append(vocabulary(256), "YWI=256\n")))
                .hasMessageContaining("line 257").hasMessageContaining("no space");
        assertThatThrownBy(() -> O200kRanks.parse(append(vocabulary(256), "Y*I= 256\n")))
                .hasMessageContaining("line 257").hasMessageContaining("not base64");
        assertThatThrownBy(() -> O200kRanks.parse(append(vocabulary(256), "YWI 256\n")))
                .hasMessageContaining("not a positive multiple of 4");
        assertThatThrownBy(() -> O200kRanks.parse(append(vocabulary(256), "YWI= 2x6\n")))
                .hasMessageContaining("not a decimal number");
        assertThatThrownBy(() -> O200kRanks.parse(append(vocabulary(256), "\n")))
                .hasMessageContaining("line 257");
    }

    @Test
    void readsWindowsLineEndings() {
        O200kRanks ranks = O200kRanks.parse(append(vocabulary(256), "YWI= 256\r\n"));
        assertThat(ranks.rank(ascii("ab"), 0, 2)).isEqualTo(256);
    }
}
