package tlkit.harness.grading;

import java.nio.charset.StandardCharsets;

/**
 * What the grader writes from text a submission controls (its output, its error messages, its file
 * name): control and invisible formatting characters shown as {@code \\uXXXX}, so they cannot
 * forge lines, columns or terminal sequences; and submission names turned into file names that are
 * unique and reversible.
 */
final class Escapes {

    private Escapes() {
    }

    /** {@code s} with every control or format character escaped; newlines kept when {@code keepNewlines}. */
    static String visible(String s, boolean keepNewlines) {
        StringBuilder b = new StringBuilder(s.length());
        s.codePoints().forEach(c -> {
            if (c == '\n' && keepNewlines) {
                b.append('\n');
            } else if (Character.isISOControl(c) || Character.getType(c) == Character.FORMAT
                    || c == 0x2028 || c == 0x2029) {
                b.append(String.format("\\u%04x", c));
            } else {
                b.appendCodePoint(c);
            }
        });
        return b.toString();
    }

    /**
     * A file name for a submission name: letters, digits, {@code . _ -} kept, everything else
     * (path separators, {@code %}, controls) as {@code %XX} of its UTF-8 bytes, so {@code a/x} and
     * {@code a_x} stay apart and {@link #submissionName} gives the name back.
     */
    static String fileName(String submission) {
        StringBuilder b = new StringBuilder();
        for (byte x : submission.getBytes(StandardCharsets.UTF_8)) {
            int c = x & 0xff;
            if (c < 0x80 && (Character.isLetterOrDigit(c) || c == '.' || c == '_' || c == '-') && !(c == '.' && b.isEmpty())) {
                b.append((char) c);
            } else {
                b.append('%').append(String.format("%02X", c));
            }
        }
        return b.toString();
    }

    static String submissionName(String fileName) {
        return java.net.URLDecoder.decode(fileName.replace("+", "%2B"), StandardCharsets.UTF_8);
    }
}
