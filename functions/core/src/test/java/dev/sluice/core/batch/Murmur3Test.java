package dev.sluice.core.batch;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/** Expected values come from an independent implementation of MurmurHash3_x64_128 (h1 then h2, hex). */
class Murmur3Test {

    static byte[] ascending(int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (i + 1);
        }
        return b;
    }

    @Test
    void emptyInputWithSeedZeroHashesToZero() {
        assertArrayEquals(new long[] {0L, 0L}, Murmur3.hash128(new byte[0], 0, 0, 0));
        assertEquals("0".repeat(32), Murmur3.hash128Hex(new byte[0]));
    }

    @Test
    void publishedVectorForTheQuickBrownFox() {
        byte[] fox = "The quick brown fox jumps over the lazy dog".getBytes(StandardCharsets.US_ASCII);
        assertArrayEquals(new long[] {0xe34bbc7bbc071b6cL, 0x7a433ca9c49a9347L}, Murmur3.hash128(fox, 0, fox.length, 0));
        assertEquals("e34bbc7bbc071b6c7a433ca9c49a9347", Murmur3.hash128Hex(fox));
    }

    @ParameterizedTest(name = "length {0}")
    @CsvSource({
            "0, 00000000000000000000000000000000",
            "1, 7ace5c908374fe16778867e4430e6785",
            "2, a56b287eeb1184b767202afce8f676e8",
            "3, 1a643eef0e1337a9494e4a403c239a65",
            "4, 0a0090a9da040fe3eadc23f882b31773",
            "5, fe94a31bab98860eea8c4c90d79b1aad",
            "6, 2844929b2731c68ea37213488bc74e3e",
            "7, f3f3cc065f0f5de93d238137f035c091",
            "8, 9ce80ca5ef93bfdcc567e5e6b655ac07",
            "9, bf9dbe3fa2269d8ef1031a6fe0cf7da1",
            "10, 5b7cdaf50bcf9ac36ec5610590ff47d1",
            "11, ede69d33bd62539bfdbf14672bae6cdd",
            "12, eeab6906f095cea4c098978671686e09",
            "13, affd298a6e2be8efe1b9133900d14b4f",
            "14, 8a811bcbbb315273fa1fceedd62a5937",
            "15, 084bf0a04820fc95a57735e8cbfa38d0",
            "16, b2c94760ef740fe0892f5d8512b98935",
            "17, f224a4101ea076ab0a50f3f36bc8da86"})
    void everyTailLengthMatchesTheReference(int n, String expected) {
        byte[] data = ascending(n);
        assertEquals(expected, Murmur3.hash128Hex(data));
        // the same bytes inside a larger buffer hash the same: offsets are honoured for blocks and tails
        byte[] padded = new byte[n + 40];
        Arrays.fill(padded, (byte) 0x7f);
        System.arraycopy(data, 0, padded, 19, n);
        assertEquals(expected, Murmur3.hash128Hex(padded, 19, n));
        assertEquals(Long.parseUnsignedLong(expected.substring(0, 16), 16), Murmur3.hash64(padded, 19, n));
    }

    @Test
    void seedChangesTheHash() {
        byte[] b = "sluice".getBytes(StandardCharsets.US_ASCII);
        long[] h = Murmur3.hash128(b, 0, b.length, 42);
        assertEquals("52a8938f39b53f9b52b4540f3164605e", String.format("%016x%016x", h[0], h[1]));
        assertNotEquals(Murmur3.hash128Hex(b), String.format("%016x%016x", h[0], h[1]));
    }

    @Test
    void sameInputSameHash() {
        byte[] b = "hello".getBytes(StandardCharsets.US_ASCII);
        assertEquals("cbd8a7b341bd9b025b1e906a48ae1d19", Murmur3.hash128Hex(b));
        assertEquals(Murmur3.hash128Hex(b), Murmur3.hash128Hex(b.clone()));
    }

    @Test
    void everySingleBitFlipGivesADifferentHash() {
        byte[] base = ascending(37);
        Set<String> seen = new HashSet<>();
        seen.add(Murmur3.hash128Hex(base));
        for (int i = 0; i < base.length; i++) {
            for (int bit = 0; bit < 8; bit++) {
                byte[] b = base.clone();
                b[i] ^= (byte) (1 << bit);
                seen.add(Murmur3.hash128Hex(b));
            }
        }
        assertEquals(1 + 37 * 8, seen.size());
    }

    @Test
    void prefixesAndTrailingZerosHashDifferently() {
        Set<String> seen = new HashSet<>();
        for (int n = 0; n <= 64; n++) {
            seen.add(Murmur3.hash128Hex(new byte[n]));
            seen.add(Murmur3.hash128Hex(ascending(n)));
        }
        // ascending(0) and new byte[0] are the same input
        assertEquals(2 * 65 - 1, seen.size());
    }
}
