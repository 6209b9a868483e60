package tlkit.data.derive;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads every key/value of an uncompressed LevelDB-format table, the format of TensorFlow's
 * {@code variables.index}: data blocks of prefix-compressed entries (varint shared, non-shared and value
 * lengths) ending in a restart array, an index block mapping to the data blocks' handles, and a 48-byte
 * footer (metaindex and index handles, then the magic number).
 */
final class SsTable {

    private static final long MAGIC = 0xdb4775248b80fb57L;
    private static final int FOOTER = 48;
    private static final int BLOCK_TRAILER = 5; // compression type byte + crc32c

    private final Path file;
    private final byte[] bytes;

    private SsTable(Path file, byte[] bytes) {
        this.file = file;
        this.bytes = bytes;
    }

    /** Keys (as UTF-8 text) to values, in key order. */
    static Map<String, byte[]> read(Path file, byte[] bytes) throws IOException {
        return new SsTable(file, bytes).entries();
    }

    private Map<String, byte[]> entries() throws IOException {
        if (bytes.length < FOOTER
                || ByteBuffer.wrap(bytes, bytes.length - 8, 8).order(ByteOrder.LITTLE_ENDIAN).getLong() != MAGIC) {
            throw new IOException(file + " is not a TensorFlow bundle index (no table magic number at its end; truncated?)");
        }
        int[] pos = {bytes.length - FOOTER};
        varint(pos); // metaindex offset
        varint(pos); // metaindex size
        long indexOffset = varint(pos);
        long indexSize = varint(pos);
        Map<String, byte[]> out = new LinkedHashMap<>();
        for (byte[] handle : block(indexOffset, indexSize).values()) {
            int[] p = {0};
            long offset = varint(handle, p);
            long size = varint(handle, p);
            out.putAll(block(offset, size));
        }
        return out;
    }

    private Map<String, byte[]> block(long offset, long size) throws IOException {
        if (offset < 0 || size < 4 || offset + size + BLOCK_TRAILER > bytes.length) {
            throw new IOException(file + ": a block lies outside the file (truncated or corrupt)");
        }
        int start = (int) offset;
        int end = (int) (offset + size);
        if (bytes[end] != 0) {
            throw new IOException(file + ": block compression type " + bytes[end] + " is not supported (only uncompressed)");
        }
        int restarts = ByteBuffer.wrap(bytes, end - 4, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
        int entriesEnd = end - 4 - 4 * restarts;
        Map<String, byte[]> out = new LinkedHashMap<>();
        byte[] key = new byte[0];
        int[] pos = {start};
        while (pos[0] < entriesEnd) {
            int shared = (int) varint(pos);
            int nonShared = (int) varint(pos);
            int valueLength = (int) varint(pos);
            if (shared > key.length || pos[0] + nonShared + valueLength > entriesEnd) {
                throw new IOException(file + ": corrupt block entry at byte " + pos[0]);
            }
            byte[] k = new byte[shared + nonShared];
            System.arraycopy(key, 0, k, 0, shared);
            System.arraycopy(bytes, pos[0], k, shared, nonShared);
            pos[0] += nonShared;
            byte[] value = new byte[valueLength];
            System.arraycopy(bytes, pos[0], value, 0, valueLength);
            pos[0] += valueLength;
            key = k;
            out.put(new String(k, StandardCharsets.UTF_8), value);
        }
        return out;
    }

    private long varint(int[] pos) throws IOException {
        return varint(bytes, pos);
    }

    private long varint(byte[] b, int[] pos) throws IOException {
        long result = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            if (pos[0] >= b.length) {
                throw new IOException(file + ": a varint runs past the end of its data (corrupt table)");
            }
            int c = b[pos[0]++] & 0xff;
            result |= (long) (c & 0x7f) << shift;
            if (c < 0x80) {
                return result;
            }
        }
        throw new IOException(file + ": malformed varint (corrupt table)");
    }
}
