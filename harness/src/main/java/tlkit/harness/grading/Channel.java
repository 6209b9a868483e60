package tlkit.harness.grading;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Encrypts and authenticates the messages between the grader and its child JVM (AES-GCM with a
 * per-run key the grader hands the child on stdin before any student code exists). Student code
 * shares the child's stdin/stdout, so it can read and write those pipes, but it can neither read a
 * message (the hidden test cells travel encrypted) nor write one the grader would accept.
 *
 * <p>One message per line: {@code @@F:} + base64(counter || ciphertext). Each direction has its own
 * counter, which must grow, so a message cannot be replayed or reflected.
 */
final class Channel {

    static final String PREFIX = "@@F:";

    private final SecretKeySpec key;
    private final byte sendDirection;
    private long sent;
    private long received = -1;

    Channel(byte[] key, boolean grader) {
        this.key = new SecretKeySpec(key, "AES");
        this.sendDirection = (byte) (grader ? 1 : 2);
    }

    String seal(JsonObject message) {
        try {
            long counter = sent++;
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, iv(sendDirection, counter)));
            byte[] ct = c.doFinal(message.toString().getBytes(StandardCharsets.UTF_8));
            ByteBuffer b = ByteBuffer.allocate(8 + ct.length).putLong(counter).put(ct);
            return PREFIX + Base64.getEncoder().encodeToString(b.array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES/GCM unavailable in this JVM", e);
        }
    }

    /** The message in {@code line}, or null when the line is not a valid message for this side. */
    JsonObject open(String line) {
        int at = line.indexOf(PREFIX);
        if (at < 0) {
            return null;
        }
        try {
            byte[] raw = Base64.getDecoder().decode(line.substring(at + PREFIX.length()).strip());
            ByteBuffer b = ByteBuffer.wrap(raw);
            long counter = b.getLong();
            if (counter <= received) {
                return null;
            }
            byte[] ct = new byte[b.remaining()];
            b.get(ct);
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(128, iv((byte) (3 - sendDirection), counter)));
            JsonObject m = JsonParser.parseString(new String(c.doFinal(ct), StandardCharsets.UTF_8)).getAsJsonObject();
            received = counter;
            return m;
        } catch (RuntimeException | GeneralSecurityException e) {
            return null;
        }
    }

    private static byte[] iv(byte direction, long counter) {
        return ByteBuffer.allocate(12).put(direction).put(new byte[3]).putLong(counter).array();
    }
}
