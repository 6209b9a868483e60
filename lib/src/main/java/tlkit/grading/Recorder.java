package tlkit.grading;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import java.util.Locale;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The grader's side of a test cell (students never call this). The cell the grader appends after a
 * submission opens a recorder, runs the instructor's checks (whose {@link Checks#task} binds to it),
 * then seals the score into one line authenticated with a key that exists only in that appended
 * cell's source, so nothing the submission printed or computed earlier can pass for a score.
 *
 * <p>A recorder is bound to the first task created for its grade id after {@link #open}; tasks
 * created later (for example by student code the checks call back into) are not bound.
 */
public final class Recorder implements Task.Listener {

    /** Prefix of a sealed score line. */
    public static final String RESULT_PREFIX = "TLKIT-RESULT ";

    private static volatile Recorder pending;

    private final String gradeId;
    private final double maxPoints;
    private Task task;

    private Recorder(String gradeId, double maxPoints) {
        this.gradeId = gradeId;
        this.maxPoints = maxPoints;
    }

    /** Opens the recorder for one test cell; the next {@code Checks.task(gradeId, ..)} binds to it. */
    public static Recorder open(String gradeId, double maxPoints) {
        Recorder r = new Recorder(gradeId, maxPoints);
        pending = r;
        return r;
    }

    static Recorder claim(String gradeId) {
        Recorder r = pending;
        if (r != null && r.gradeId.equals(gradeId)) {
            pending = null;
            return r;
        }
        return null;
    }

    @Override
    public void recorded(Task t, CheckResult result) {
        if (task == null) {
            task = t;
        }
    }

    /** Points earned: the bound task's score, capped at the cell's points; 0 when no task was bound. */
    public double points() {
        return task == null || task.id() == null ? 0 : Math.min(maxPoints, task.score());
    }

    /** The authenticated score line: {@code TLKIT-RESULT nonce gradeId points max hmac}. */
    public String seal(String nonce, String keyHex) {
        pending = null;
        String body = body(nonce, gradeId, points(), maxPoints);
        return RESULT_PREFIX + body + " " + mac(keyHex, body);
    }

    /** The signed part of a score line. */
    public static String body(String nonce, String gradeId, double points, double maxPoints) {
        return nonce + " " + gradeId + " " + String.format(Locale.ROOT, "%.4f", points) + " "
                + String.format(Locale.ROOT, "%.4f", maxPoints);
    }

    /** HMAC-SHA256 of {@code body} under the hex key, as hex. */
    public static String mac(String keyHex, String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(HexFormat.of().parseHex(keyHex), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable in this JVM", e);
        }
    }
}
