package tlkit.data.derive;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class SafeTensorsWriterTest {

    private static Tensor tensor(String name, long[] shape, float... values) {
        ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : values) {
            b.putFloat(v);
        }
        return new Tensor(name, shape, b.array());
    }

    @Test
    void headerIsPythonsCompactJsonWithEnsureAsciiPaddedWithSpacesToEight() {
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("n", "é \"q\"\n\u007f 😀");
        byte[] file = SafeTensorsWriter.toBytes(List.of(tensor("t", new long[]{2}, 1f, -0f)), meta, false);

        long n = ByteBuffer.wrap(file, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        String header = new String(file, 8, (int) n, StandardCharsets.US_ASCII);
        // json.dumps({...}, separators=(',', ':')) in Python 3
        String python = "{\"__metadata__\":{\"n\":\"\\u00e9 \\\"q\\\"\\n\\u007f \\ud83d\\ude00\"},"
                + "\"t\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}";
        assertEquals(python + " ".repeat((int) n - python.length()), header);
        assertEquals(0, n % 8);
        assertArrayEquals(new byte[]{0, 0, (byte) 0x80, 0x3f, 0, 0, 0, (byte) 0x80}, Arrays.copyOfRange(file, 8 + (int) n, file.length),
                "raw little-endian bits, -0.0 kept");
    }

    @Test
    void metadataLastGoesAfterTheTensorsAndOffsetsFollowTheOrder() {
        byte[] file = SafeTensorsWriter.toBytes(List.of(tensor("b", new long[]{1}, 2f), tensor("a", new long[]{1, 2}, 3f, 4f)),
                Map.of("k", "v"), true);
        long n = ByteBuffer.wrap(file, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        assertEquals("{\"b\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]},"
                + "\"a\":{\"dtype\":\"F32\",\"shape\":[1,2],\"data_offsets\":[4,12]},\"__metadata__\":{\"k\":\"v\"}}",
                new String(file, 8, (int) n, StandardCharsets.US_ASCII).strip());
    }

    @Test
    void transposeIsNumpysTranspose() {
        // x = arange(6).reshape(1, 2, 3); x.transpose(2, 0, 1) -> shape (3, 1, 2): [[0, 3]], [[1, 4]], [[2, 5]]
        Tensor x = tensor("x", new long[]{1, 2, 3}, 0, 1, 2, 3, 4, 5);
        Tensor t = x.transpose("t", 2, 0, 1);
        assertArrayEquals(new long[]{3, 1, 2}, t.shape());
        assertArrayEquals(tensor("e", new long[]{3, 1, 2}, 0, 3, 1, 4, 2, 5).data(), t.data());
    }
}
