package tlkit.eval;

import java.util.Locale;

/**
 * The claims a lab checks against its own measurements. A claim that holds prints {@code ok: ...}; one that
 * does not stops the notebook with the claim in the message, so a run whose numbers contradict the text
 * cannot be committed unnoticed.
 */
public final class Claims {

    private Claims() {
    }

    /** Prints {@code ok: claim} when {@code holds}, else throws an {@link AssertionError} naming the claim. */
    public static void check(boolean holds, String claim, Object... args) {
        String text = args.length == 0 ? claim : String.format(Locale.ROOT, claim, args);
        if (!holds) {
            throw new AssertionError("Claim not supported by this run: " + text);
        }
        System.out.println("ok: " + text);
    }

    /**
     * A lecture statement read against the run, printed whether or not it holds: {@code SUPPORTED} or
     * {@code NOT SUPPORTED}, then the evidence. Unlike {@link #check}, a statement that does not hold is a
     * finding, not an error.
     */
    public static void verdict(boolean supported, String statement, String evidence, Object... args) {
        System.out.println((supported ? "SUPPORTED     " : "NOT SUPPORTED ") + statement);
        System.out.println("    " + (args.length == 0 ? evidence : String.format(Locale.ROOT, evidence, args)));
    }
}
