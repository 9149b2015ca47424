package dev.failover4j.codec;

import java.nio.ByteBuffer;

/** The Internet checksum (RFC 1071): ones' complement of the ones' complement sum of 16-bit words. */
public final class Checksums {

    private Checksums() {
    }

    /**
     * Adds {@code length} bytes of {@code b} starting at absolute index {@code from} to a running sum.
     *
     * @param sum the running sum so far (0 to start)
     * @param b the bytes (its position is not used or moved)
     * @param from the absolute index of the first byte
     * @param length how many bytes
     * @return the new running sum
     */
    public static int add(int sum, ByteBuffer b, int from, int length) {
        long s = sum & 0xffffffffL;
        int i = from;
        int end = from + length;
        for (; i + 1 < end; i += 2) {
            s += b.getShort(i) & 0xffff;
        }
        if (i < end) {
            s += (b.get(i) & 0xff) << 8;
        }
        while ((s >>> 16) != 0) {
            s = (s & 0xffff) + (s >>> 16);
        }
        return (int) s;
    }

    /**
     * Folds a running sum and complements it: the value to put in a checksum field, or 0 when a message verifies.
     *
     * @param sum the running sum
     * @return the checksum, 16 bits
     */
    public static int finish(int sum) {
        long s = sum & 0xffffffffL;
        while ((s >>> 16) != 0) {
            s = (s & 0xffff) + (s >>> 16);
        }
        return (int) (~s & 0xffff);
    }

    /**
     * {@return the checksum of a whole byte range}
     *
     * @param data the bytes
     * @param from the index of the first byte
     * @param length how many bytes
     */
    public static int of(byte[] data, int from, int length) {
        return finish(add(0, ByteBuffer.wrap(data), from, length));
    }
}
