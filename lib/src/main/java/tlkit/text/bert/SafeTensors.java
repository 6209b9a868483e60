package tlkit.text.bert;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads and writes the safetensors format: an 8-byte little-endian header length, a JSON header
 * ({@code name -> {dtype, shape, data_offsets}}) and the raw little-endian tensor bytes.
 * F32, F16 and BF16 tensors are read as float32; other dtypes (int64 buffers) are skipped.
 */
public final class SafeTensors {

    private SafeTensors() {
    }

    /** The float tensors of {@code file} as float32 arrays (header parsed and checked by the models reader). */
    public static Map<String, Tensor> read(Path file) throws IOException {
        tlkit.models.SafeTensors.Header header;
        try {
            header = tlkit.models.SafeTensors.header(file);
        } catch (IllegalStateException e) {
            throw new IOException(e.getMessage() + "; download it again", e);
        }
        Map<String, Tensor> out = new LinkedHashMap<>();
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            for (tlkit.models.SafeTensors.TensorInfo t : header.tensors()) {
                float[] values = decode(t.dtype(),
                        ch.map(FileChannel.MapMode.READ_ONLY, header.dataStart() + t.begin(), t.end() - t.begin()));
                if (values != null) {
                    out.put(t.name(), new Tensor(t.name(), t.shape(), values));
                }
            }
        }
        return out;
    }

    private static float[] decode(String dtype, MappedByteBuffer buf) {
        buf.order(ByteOrder.LITTLE_ENDIAN);
        switch (dtype) {
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
            case "BF16" -> {
                float[] v = new float[buf.remaining() / 2];
                for (int i = 0; i < v.length; i++) {
                    v[i] = Float.intBitsToFloat((buf.getShort() & 0xffff) << 16);
                }
                return v;
            }
            default -> {
                return null;
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

    /** Writes float32 tensors (in map order) to a temp file next to {@code file}, then renames it. */
    public static void write(Path file, Map<String, Tensor> tensors, Map<String, String> metadata) throws IOException {
        JsonObject header = new JsonObject();
        if (metadata != null && !metadata.isEmpty()) {
            JsonObject meta = new JsonObject();
            metadata.forEach(meta::addProperty);
            header.add("__metadata__", meta);
        }
        long offset = 0;
        for (Tensor t : tensors.values()) {
            JsonObject info = new JsonObject();
            info.addProperty("dtype", "F32");
            JsonArray shape = new JsonArray();
            for (long d : t.shape()) {
                shape.add(d);
            }
            info.add("shape", shape);
            JsonArray off = new JsonArray();
            off.add(offset);
            offset += 4L * t.values().length;
            off.add(offset);
            info.add("data_offsets", off);
            header.add(t.name(), info);
        }
        byte[] json = header.toString().getBytes(StandardCharsets.UTF_8);
        int padded = (json.length + 7) / 8 * 8;
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, file.getFileName().toString(), ".part");
        try (OutputStream out = new java.io.BufferedOutputStream(Files.newOutputStream(tmp), 1 << 20)) {
            ByteBuffer len = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(padded);
            out.write(len.array());
            out.write(json);
            for (int i = json.length; i < padded; i++) {
                out.write(' ');
            }
            for (Tensor t : tensors.values()) {
                ByteBuffer b = ByteBuffer.allocate(4 * t.values().length).order(ByteOrder.LITTLE_ENDIAN);
                b.asFloatBuffer().put(t.values());
                out.write(b.array());
            }
        } catch (IOException e) {
            Files.deleteIfExists(tmp);
            throw new IOException("Could not write " + file + ": " + e.getMessage(), e);
        }
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
