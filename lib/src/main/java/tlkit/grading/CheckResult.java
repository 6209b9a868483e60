package tlkit.grading;

/**
 * The outcome of one check: how many of its points were earned and a message for the student.
 *
 * @param name what was checked, in words ("stem is frozen")
 * @param points points earned, between 0 and {@code maxPoints}
 * @param maxPoints points the check is worth
 * @param message what was observed and, when points were lost, what to do about it
 */
public record CheckResult(String name, double points, double maxPoints, String message) {

    public CheckResult {
        if (!(maxPoints >= 0)) {
            throw new IllegalArgumentException("Check '" + name + "': maxPoints must be >= 0, got " + maxPoints);
        }
        points = Double.isNaN(points) ? 0 : Math.max(0, Math.min(maxPoints, points));
    }

    public boolean passed() {
        return points >= maxPoints;
    }

    /** One line for the notebook output, e.g. {@code [PASS] stem is frozen (1/1)}. */
    public String line() {
        String tag = passed() ? "[PASS]" : points > 0 ? "[PART]" : "[FAIL]";
        return tag + " " + name + " (" + Task.fmt(points) + "/" + Task.fmt(maxPoints) + ")"
                + (message == null || message.isBlank() ? "" : ": " + message);
    }
}
