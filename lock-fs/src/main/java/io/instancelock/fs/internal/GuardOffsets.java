package io.instancelock.fs.internal;

import java.nio.charset.StandardCharsets;

/**
 * Where in the guard file an account's byte lies: a 61-bit hash of its id above 2^62, far from the
 * byte that lock files lock. Two accounts of one directory share a byte only on a hash collision
 * (odds about n²/2^62 for n accounts); they then exclude each other, which is safe, never unsafe.
 */
final class GuardOffsets {

    private static final long BASE = 1L << 62;
    private static final long FNV_OFFSET = 0xcbf29ce484222325L;
    private static final long FNV_PRIME = 0x100000001b3L;

    private GuardOffsets() {}

    /** The offset of the byte for an id (already folded to lower case on a case-insensitive directory). */
    static long of(String id) {
        long hash = FNV_OFFSET;
        for (byte b : id.getBytes(StandardCharsets.UTF_8)) {
            hash ^= b & 0xff;
            hash *= FNV_PRIME;
        }
        // Mix the high bits in: FNV-1a's low bits alone spread short ids poorly.
        hash ^= hash >>> 29;
        return BASE + (hash >>> 3);
    }
}
