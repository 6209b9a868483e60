package tlkit.data.derive;

import com.google.protobuf.CodedInputStream;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32C;

/**
 * Reads the float32 tensors of a TensorFlow checkpoint in the TensorBundle format ({@code variables.index}
 * + {@code variables.data-00000-of-00001}, as in a SavedModel): the index is a LevelDB table whose values
 * are {@code BundleEntryProto} messages (dtype, shape, shard, offset, size, masked CRC32C), decoded here
 * field by field with protobuf's wire-format reader. Each tensor's CRC32C is checked.
 */
public final class TensorBundle {

    private static final int DT_FLOAT = 1;

    private TensorBundle() {
    }

    private record Entry(int dtype, long[] shape, int shard, long offset, long size, int crc32c, boolean sliced) {
    }

    /** Float32, unsliced tensors by checkpoint key, in key order; other dtypes (counters, the object graph) are skipped. */
    public static Map<String, Tensor> read(Path index) throws IOException {
        String name = index.getFileName().toString();
        if (!name.endsWith(".index")) {
            throw new IOException(index + ": a TensorBundle index file name ends with .index");
        }
        Map<String, byte[]> table = SsTable.read(index, Files.readAllBytes(index));
        int shards = numShards(index, table.get(""));
        String prefix = name.substring(0, name.length() - ".index".length());
        List<byte[]> data = new ArrayList<>();
        for (int s = 0; s < shards; s++) {
            data.add(Files.readAllBytes(index.resolveSibling(String.format("%s.data-%05d-of-%05d", prefix, s, shards))));
        }
        Map<String, Tensor> out = new LinkedHashMap<>();
        for (Map.Entry<String, byte[]> e : table.entrySet()) {
            if (e.getKey().isEmpty()) {
                continue;
            }
            Entry entry = entry(e.getValue());
            if (entry.dtype() != DT_FLOAT || entry.sliced()) {
                continue;
            }
            out.put(e.getKey(), tensor(index, e.getKey(), entry, data));
        }
        return out;
    }

    private static Tensor tensor(Path index, String key, Entry entry, List<byte[]> data) throws IOException {
        if (entry.shard() >= data.size()) {
            throw new IOException(index + ": tensor '" + key + "' is in shard " + entry.shard() + " of " + data.size());
        }
        byte[] shard = data.get(entry.shard());
        if (entry.offset() < 0 || entry.offset() + entry.size() > shard.length) {
            throw new IOException(index + ": tensor '" + key + "' lies outside its data file (truncated?)");
        }
        byte[] bytes = new byte[(int) entry.size()];
        System.arraycopy(shard, (int) entry.offset(), bytes, 0, bytes.length);
        CRC32C crc = new CRC32C();
        crc.update(bytes);
        if (mask((int) crc.getValue()) != entry.crc32c()) {
            throw new IOException(index + ": tensor '" + key + "' fails its CRC32C check (corrupt data file)");
        }
        return new Tensor(key, entry.shape(), bytes);
    }

    /** TensorFlow's masked CRC (crc32c.h): rotate right by 15 bits and add a constant. */
    static int mask(int crc) {
        return ((crc >>> 15) | (crc << 17)) + 0xa282ead8;
    }

    private static int numShards(Path index, byte[] header) throws IOException {
        if (header == null) {
            throw new IOException(index + " has no bundle header (empty key): not a TensorBundle index");
        }
        CodedInputStream in = CodedInputStream.newInstance(header);
        int shards = 1;
        for (int tag; (tag = in.readTag()) != 0; ) {
            if (tag == (1 << 3)) {
                shards = in.readInt32();
            } else if (tag == ((2 << 3)) && in.readEnum() != 0) {
                throw new IOException(index + " was written big-endian: not supported");
            } else {
                in.skipField(tag);
            }
        }
        return shards;
    }

    private static Entry entry(byte[] proto) throws IOException {
        CodedInputStream in = CodedInputStream.newInstance(proto);
        int dtype = 0;
        int shard = 0;
        long offset = 0;
        long size = 0;
        int crc = 0;
        boolean sliced = false;
        List<Long> dims = new ArrayList<>();
        for (int tag; (tag = in.readTag()) != 0; ) {
            switch (tag >>> 3) {
                case 1 -> dtype = in.readEnum();
                case 2 -> dims = shape(in.readBytes().toByteArray());
                case 3 -> shard = in.readInt32();
                case 4 -> offset = in.readInt64();
                case 5 -> size = in.readInt64();
                case 6 -> crc = in.readFixed32();
                case 7 -> {
                    sliced = true;
                    in.skipField(tag);
                }
                default -> in.skipField(tag);
            }
        }
        return new Entry(dtype, dims.stream().mapToLong(Long::longValue).toArray(), shard, offset, size, crc, sliced);
    }

    /** TensorShapeProto: repeated Dim dim = 2 { int64 size = 1; string name = 2; }. */
    private static List<Long> shape(byte[] proto) throws IOException {
        CodedInputStream in = CodedInputStream.newInstance(proto);
        List<Long> dims = new ArrayList<>();
        for (int tag; (tag = in.readTag()) != 0; ) {
            if (tag >>> 3 == 2) {
                CodedInputStream dim = CodedInputStream.newInstance(in.readBytes().toByteArray());
                long size = 0;
                for (int t; (t = dim.readTag()) != 0; ) {
                    if (t >>> 3 == 1) {
                        size = dim.readInt64();
                    } else {
                        dim.skipField(t);
                    }
                }
                dims.add(size);
            } else {
                in.skipField(tag);
            }
        }
        return dims;
    }
}
