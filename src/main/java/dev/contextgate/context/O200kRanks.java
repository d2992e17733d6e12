package dev.contextgate.context;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;

/**
 * The {@code o200k_base} vocabulary as three flat arrays: every token's bytes concatenated in rank
 * order, where each rank starts in them, and an open-addressing hash from bytes to rank. About 4 MB of
 * heap where jtokkit's maps of wrapped byte arrays and boxed ranks took 31 MB. Immutable once built,
 * so any number of threads may look up at once.
 */
final class O200kRanks {

    /** The data file ships in jtokkit's jar; we read only the file, none of its classes. */
    static final String RESOURCE = "/com/knuddels/jtokkit/o200k_base.tiktoken";

    /** What {@link #rank} answers for bytes that are not a token: sorts after every real rank. */
    static final int NONE = Integer.MAX_VALUE;

    /**
     * A slot holds {@code rank + 1} in its low bits (0 is empty) and the top bits of the key's hash
     * above them, so most probes that land on another token are rejected without touching its bytes.
     */
    private static final int RANK_BITS = 18;
    private static final int RANK_MASK = (1 << RANK_BITS) - 1;
    private static final int TAG_MASK = ~RANK_MASK;

    private final byte[] bytes;
    private final int[] starts;
    private final int[] slots;
    private final int slotMask;

    private O200kRanks(byte[] bytes, int[] starts) {
        this.bytes = bytes;
        this.starts = starts;
        int size = starts.length - 1;
        if (size >= RANK_MASK) {
            throw new IllegalStateException(size + " tokens do not fit a " + RANK_BITS + "-bit rank slot");
        }
        // A power of two at least twice the token count: load factor at most 0.5.
        this.slots = new int[Integer.highestOneBit(Math.max(size, 1)) << 2];
        this.slotMask = slots.length - 1;
        for (int rank = 0; rank < size; rank++) {
            insert(rank);
        }
    }

    /** Reads the vocabulary from the class path; fails when it is missing or not what we expect. */
    static O200kRanks load() {
        try (InputStream in = O200kRanks.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is not on the class path (it ships in jtokkit's jar)");
            }
            return parse(in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
    }

    /**
     * Parses tiktoken's format, one {@code base64 rank} line per token. Ranks must run 0..n-1 in
     * order, every token must be distinct and every single byte a token: counting relies on all three.
     */
    static O200kRanks parse(byte[] file) {
        TiktokenLines lines = new TiktokenLines(file);
        int count = 0;
        int totalBytes = 0;
        for (int at = 0; at < file.length; at = lines.next(at)) {
            totalBytes += lines.decodedLength(at, count);
            count++;
        }
        byte[] bytes = new byte[totalBytes];
        int[] starts = new int[count + 1];
        int written = 0;
        int rank = 0;
        for (int at = 0; at < file.length; at = lines.next(at)) {
            starts[rank] = written;
            written = lines.decode(at, rank, bytes, written);
            long declared = lines.rank(at, rank);
            if (declared != rank) {
                throw new IllegalStateException("line " + (rank + 1) + " declares rank " + declared
                        + "; ranks must run 0.." + (count - 1) + " in order");
            }
            rank++;
        }
        starts[count] = written;
        O200kRanks ranks = new O200kRanks(bytes, starts);
        ranks.requireEverySingleByte();
        return ranks;
    }

    int size() {
        return starts.length - 1;
    }

    /** The rank of {@code piece[from..to)} as a token, or {@link #NONE}. Allocates nothing. */
    int rank(byte[] piece, int from, int to) {
        int hash = hash(piece, from, to);
        int tag = hash & TAG_MASK;
        for (int slot = hash & slotMask; ; slot = (slot + 1) & slotMask) {
            int entry = slots[slot];
            if (entry == 0) {
                return NONE;
            }
            if ((entry & TAG_MASK) == tag) {
                int rank = (entry & RANK_MASK) - 1;
                if (Arrays.equals(bytes, starts[rank], starts[rank + 1], piece, from, to)) {
                    return rank;
                }
            }
        }
    }

    /** A copy of the token's bytes. */
    byte[] token(int rank) {
        return Arrays.copyOfRange(bytes, starts[rank], starts[rank + 1]);
    }

    private void insert(int rank) {
        int from = starts[rank];
        int to = starts[rank + 1];
        if (from == to) {
            throw new IllegalStateException("rank " + rank + " is an empty token");
        }
        int earlier = rank(bytes, from, to);
        if (earlier != NONE) {
            throw new IllegalStateException("rank " + rank + " repeats the bytes of rank " + earlier);
        }
        int hash = hash(bytes, from, to);
        int slot = hash & slotMask;
        while (slots[slot] != 0) {
            slot = (slot + 1) & slotMask;
        }
        slots[slot] = (hash & TAG_MASK) | (rank + 1);
    }

    private void requireEverySingleByte() {
        byte[] one = new byte[1];
        for (int b = 0; b < 256; b++) {
            one[0] = (byte) b;
            if (rank(one, 0, 1) == NONE) {
                throw new IllegalStateException("byte " + b + " is not a token; every byte must be one");
            }
        }
    }

    /** FNV-1a over the bytes, then Murmur3's finalizer so both the low (slot) and high (tag) bits mix. */
    private static int hash(byte[] a, int from, int to) {
        int h = 0x811C9DC5;
        for (int i = from; i < to; i++) {
            h = (h ^ (a[i] & 0xFF)) * 0x01000193;
        }
        h ^= h >>> 16;
        h *= 0x85EBCA6B;
        h ^= h >>> 13;
        h *= 0xC2B2AE35;
        return h ^ (h >>> 16);
    }
}
