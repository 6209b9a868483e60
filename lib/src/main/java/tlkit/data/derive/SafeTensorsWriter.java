package tlkit.data.derive;

import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;

/**
 * Deterministic {@code .safetensors} writer, byte-compatible with the plain numpy writer the course used:
 * 8-byte little-endian header length, compact JSON header (Python {@code json.dumps} with
 * {@code separators=(',', ':')}, non-ASCII escaped), tensors in the given order with consecutive
 * {@code data_offsets}, header padded with spaces to a multiple of 8, then the raw F32 data. The kit's only
 * safetensors writer (the reader is {@code tlkit.models.SafeTensors}).
 */
public final class SafeTensorsWriter {

    private SafeTensorsWriter() {
    }

    /**
     * @param metadata     the {@code __metadata__} string map (insertion order kept); empty for none
     * @param metadataLast whether {@code __metadata__} comes after the tensors in the header (else first)
     */
    public static void write(OutputStream out, List<Tensor> tensors, Map<String, String> metadata, boolean metadataLast)
            throws IOException {
        byte[] header = header(tensors, metadata, metadataLast);
        out.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(header.length).array());
        out.write(header);
        for (Tensor t : tensors) {
            out.write(t.data());
        }
    }

    /**
     * Writes the file through a temporary file next to it, then renames it over {@code file}, so a reader never
     * sees half a file. Metadata comes first in the header.
     */
    public static void write(Path file, List<Tensor> tensors, Map<String, String> metadata) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, file.getFileName().toString(), ".part");
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(tmp), 1 << 20)) {
            write(out, tensors, metadata, false);
        } catch (IOException e) {
            Files.deleteIfExists(tmp);
            throw new IOException("Could not write " + file + ": " + e.getMessage(), e);
        }
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    static byte[] header(List<Tensor> tensors, Map<String, String> metadata, boolean metadataLast) {
        StringBuilder json = new StringBuilder("{");
        if (!metadata.isEmpty() && !metadataLast) {
            appendMetadata(json, metadata).append(',');
        }
        long offset = 0;
        for (Tensor t : tensors) {
            appendString(json, t.name()).append(":{\"dtype\":\"F32\",\"shape\":[");
            for (int i = 0; i < t.shape().length; i++) {
                json.append(i == 0 ? "" : ",").append(t.shape()[i]);
            }
            json.append("],\"data_offsets\":[").append(offset).append(',').append(offset + t.data().length).append("]},");
            offset += t.data().length;
        }
        if (!metadata.isEmpty() && metadataLast) {
            appendMetadata(json, metadata).append(',');
        }
        json.setLength(json.length() - 1);
        json.append('}');
        while (json.length() % 8 != 0) {
            json.append(' ');
        }
        return json.toString().getBytes(StandardCharsets.US_ASCII);
    }

    private static StringBuilder appendMetadata(StringBuilder json, Map<String, String> metadata) {
        json.append("\"__metadata__\":{");
        boolean first = true;
        for (Map.Entry<String, String> e : metadata.entrySet()) {
            json.append(first ? "" : ",");
            appendString(json, e.getKey()).append(':');
            appendString(json, e.getValue());
            first = false;
        }
        return json.append('}');
    }

    /** A JSON string as Python's json.dumps writes it with ensure_ascii (the default). */
    static StringBuilder appendString(StringBuilder json, String s) {
        json.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> json.append("\\\"");
                case '\\' -> json.append("\\\\");
                case '\n' -> json.append("\\n");
                case '\r' -> json.append("\\r");
                case '\t' -> json.append("\\t");
                case '\b' -> json.append("\\b");
                case '\f' -> json.append("\\f");
                default -> {
                    if (c < 0x20 || c > 0x7e) {
                        json.append(String.format("\\u%04x", (int) c));
                    } else {
                        json.append(c);
                    }
                }
            }
        }
        return json.append('"');
    }

    /** The whole file in memory (the course's derived files are at most a few MB). */
    public static byte[] toBytes(List<Tensor> tensors, Map<String, String> metadata, boolean metadataLast) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            write(out, tensors, metadata, metadataLast);
        } catch (IOException e) {
            throw new IllegalStateException("in-memory stream", e);
        }
        return out.toByteArray();
    }
}
