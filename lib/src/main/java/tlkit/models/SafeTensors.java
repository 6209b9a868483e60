package tlkit.models;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reader for the {@code .safetensors} format: an 8-byte little-endian header length, a JSON header
 * ({@code name -> {dtype, shape, data_offsets}} plus an optional {@code __metadata__} string map),
 * then the raw little-endian tensor bytes.
 *
 * <p>Written here rather than using {@code NDList.decode} so that tensor names, the metadata and
 * clear errors naming the file and tensor are available. This is the kit's only safetensors reader: DJL
 * models read NDArrays with {@link #read}, the BERT loader reads plain float arrays with {@link #floats};
 * the only writer is {@code tlkit.data.derive.SafeTensorsWriter}.
 */
public final class SafeTensors {

    /** One tensor entry of the header. {@code begin}/{@code end} are offsets into the data section. */
    public record TensorInfo(String name, String dtype, long[] shape, long begin, long end) {
        public Shape djlShape() {
            return new Shape(shape);
        }

        /** Whether {@link SafeTensors#floats} can read it: F32, F16 or BF16 (not integer buffers). */
        public boolean isFloat() {
            return dtype.equals("F32") || dtype.equals("F16") || dtype.equals("BF16");
        }

        @Override
        public String toString() {
            return name + " " + dtype + " " + djlShape();
        }
    }

    /** The parsed header: tensors in storage (data offset) order and the metadata map. */
    public record Header(Path file, List<TensorInfo> tensors, Map<String, String> metadata, long dataStart) {}

    private SafeTensors() {}

    /** All tensors of the file, in storage order, created on {@code manager}. */
    public static Map<String, NDArray> read(Path file, NDManager manager) {
        Header header = header(file);
        Map<String, NDArray> out = new LinkedHashMap<>();
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            for (TensorInfo t : header.tensors()) {
                int length = Math.toIntExact(t.end() - t.begin());
                ByteBuffer buf = ByteBuffer.allocateDirect(length).order(ByteOrder.LITTLE_ENDIAN);
                long pos = header.dataStart() + t.begin();
                while (buf.hasRemaining()) {
                    int n = ch.read(buf, pos);
                    if (n < 0) {
                        throw corrupt(file, "file ends inside tensor '" + t.name() + "'");
                    }
                    pos += n;
                }
                buf.flip();
                NDArray array = manager.create(buf, t.djlShape(), dataType(file, t));
                array.setName(t.name());
                out.put(t.name(), array);
            }
        } catch (IOException e) {
            throw new IllegalStateException("Cannot read safetensors file " + file + ": " + e.getMessage(), e);
        }
        return out;
    }

    /**
     * The values of one float tensor of {@code header}'s file as float32 (F16 and BF16 widened exactly), without
     * an engine: for loaders that build their own parameters.
     */
    public static float[] floats(Header header, TensorInfo t) {
        if (!t.isFloat()) {
            throw new IllegalArgumentException("tensor '" + t.name() + "' of " + header.file() + " is " + t.dtype()
                    + ", not a float tensor");
        }
        Path file = header.file();
        ByteBuffer buf = ByteBuffer.allocate(Math.toIntExact(t.end() - t.begin())).order(ByteOrder.LITTLE_ENDIAN);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            readFully(ch, buf, header.dataStart() + t.begin(), file);
        } catch (IOException e) {
            throw new IllegalStateException("Cannot read safetensors file " + file + ": " + e.getMessage(), e);
        }
        buf.flip();
        switch (t.dtype()) {
            case "F32" -> {
                float[] v = new float[buf.remaining() / 4];
                buf.asFloatBuffer().get(v);
                return v;
            }
            case "F16" -> {
                float[] v = new float[buf.remaining() / 2];
                for (int i = 0; i < v.length; i++) {
                    v[i] = halfToFloat(buf.getShort());
                }
                return v;
            }
            default -> { // BF16: the top 16 bits of a float32
                float[] v = new float[buf.remaining() / 2];
                for (int i = 0; i < v.length; i++) {
                    v[i] = Float.intBitsToFloat((buf.getShort() & 0xffff) << 16);
                }
                return v;
            }
        }
    }

    /** IEEE 754 binary16 to float (Java 17 has no Float.float16ToFloat). */
    static float halfToFloat(short h) {
        int bits = h & 0xffff;
        int sign = (bits & 0x8000) << 16;
        int exp = (bits >>> 10) & 0x1f;
        int mant = bits & 0x3ff;
        if (exp == 0x1f) {
            return Float.intBitsToFloat(sign | 0x7f800000 | (mant << 13));
        }
        if (exp == 0) {
            float v = mant * 0x1p-24f; // subnormal (or zero)
            return sign != 0 ? -v : v;
        }
        return Float.intBitsToFloat(sign | ((exp + 112) << 23) | (mant << 13));
    }

    /** The {@code __metadata__} map of the file (empty if the file has none). */
    public static Map<String, String> metadata(Path file) {
        return header(file).metadata();
    }

    /** Parses and validates the header without loading tensor data. */
    public static Header header(Path file) {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            if (size < 8) {
                throw corrupt(file, "only " + size + " bytes, too short for the 8-byte header length");
            }
            ByteBuffer lenBuf = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
            readFully(ch, lenBuf, 0, file);
            long headerLen = lenBuf.flip().getLong();
            if (headerLen <= 0 || headerLen > size - 8 || headerLen > 100_000_000L) {
                throw corrupt(file, "header length " + headerLen + " does not fit a file of " + size + " bytes");
            }
            ByteBuffer json = ByteBuffer.allocate((int) headerLen);
            readFully(ch, json, 8, file);
            JsonObject root;
            try {
                root = JsonParser.parseString(new String(json.array(), StandardCharsets.UTF_8)).getAsJsonObject();
            } catch (RuntimeException e) {
                throw corrupt(file, "the JSON header does not parse (" + e.getMessage() + ")");
            }
            long dataStart = 8 + headerLen;
            long dataSize = size - dataStart;
            Map<String, String> metadata = new LinkedHashMap<>();
            List<TensorInfo> tensors = new ArrayList<>();
            for (Map.Entry<String, JsonElement> e : root.entrySet()) {
                if (e.getKey().equals("__metadata__")) {
                    e.getValue().getAsJsonObject().entrySet()
                            .forEach(m -> metadata.put(m.getKey(), m.getValue().getAsString()));
                    continue;
                }
                tensors.add(parseEntry(file, e.getKey(), e.getValue(), dataSize));
            }
            tensors.sort(Comparator.comparingLong(TensorInfo::begin));
            return new Header(file, List.copyOf(tensors), Map.copyOf(metadata), dataStart);
        } catch (IOException e) {
            throw new IllegalStateException("Cannot read safetensors file " + file + ": " + e.getMessage(), e);
        }
    }

    private static TensorInfo parseEntry(Path file, String name, JsonElement value, long dataSize) {
        try {
            JsonObject o = value.getAsJsonObject();
            String dtype = o.get("dtype").getAsString();
            var shapeJson = o.get("shape").getAsJsonArray();
            long[] shape = new long[shapeJson.size()];
            long count = 1;
            for (int i = 0; i < shape.length; i++) {
                shape[i] = shapeJson.get(i).getAsLong();
                count *= shape[i];
            }
            var offsets = o.get("data_offsets").getAsJsonArray();
            long begin = offsets.get(0).getAsLong();
            long end = offsets.get(1).getAsLong();
            TensorInfo t = new TensorInfo(name, dtype, shape, begin, end);
            long expected = count * bytesPerElement(file, t);
            if (begin < 0 || end < begin || end > dataSize) {
                throw corrupt(file, "tensor '" + name + "' has data_offsets [" + begin + ", " + end
                        + "] outside the " + dataSize + "-byte data section (truncated file?)");
            }
            if (end - begin != expected) {
                throw corrupt(file, "tensor '" + name + "' " + dtype + " " + new Shape(shape) + " needs "
                        + expected + " bytes but data_offsets give " + (end - begin));
            }
            return t;
        } catch (IllegalStateException e) {
            throw e;
        } catch (RuntimeException e) {
            throw corrupt(file, "malformed header entry for tensor '" + name + "' (" + e + ")");
        }
    }

    private static DataType dataType(Path file, TensorInfo t) {
        return switch (t.dtype()) {
            case "F32" -> DataType.FLOAT32;
            case "F64" -> DataType.FLOAT64;
            case "F16" -> DataType.FLOAT16;
            case "BF16" -> DataType.BFLOAT16;
            case "I64" -> DataType.INT64;
            case "I32" -> DataType.INT32;
            case "I8" -> DataType.INT8;
            case "U8" -> DataType.UINT8;
            case "BOOL" -> DataType.BOOLEAN;
            default -> throw corrupt(file, "tensor '" + t.name() + "' has unsupported dtype " + t.dtype());
        };
    }

    private static long bytesPerElement(Path file, TensorInfo t) {
        return switch (t.dtype()) {
            case "F64", "I64" -> 8;
            case "F32", "I32" -> 4;
            case "F16", "BF16" -> 2;
            case "I8", "U8", "BOOL" -> 1;
            default -> throw corrupt(file, "tensor '" + t.name() + "' has unsupported dtype " + t.dtype());
        };
    }

    private static void readFully(FileChannel ch, ByteBuffer buf, long pos, Path file) throws IOException {
        while (buf.hasRemaining()) {
            int n = ch.read(buf, pos);
            if (n < 0) {
                throw corrupt(file, "unexpected end of file");
            }
            pos += n;
        }
    }

    private static IllegalStateException corrupt(Path file, String what) {
        return new IllegalStateException("Not a valid safetensors file: " + file + ": " + what
                + ". Delete it and fetch it again (Catalog) or check where it came from.");
    }
}
