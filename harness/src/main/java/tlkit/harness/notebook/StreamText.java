package tlkit.harness.notebook;

/**
 * Stream text as Jupyter's front ends keep it: a carriage return moves back to the start of the line and
 * what follows overwrites what was there (JupyterLab stores the result, so a progress bar saves as its
 * last frame, not as every frame it printed).
 */
public final class StreamText {
    private StreamText() {}

    public static String asJupyterStores(String text) {
        String unified = text.replace("\r\n", "\n");
        if (unified.indexOf('\r') < 0) {
            return unified;
        }
        StringBuilder out = new StringBuilder(unified.length());
        String[] lines = unified.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            if (i > 0) {
                out.append('\n');
            }
            out.append(overwrite(lines[i]));
        }
        return out.toString();
    }

    private static String overwrite(String line) {
        String[] frames = line.split("\r", -1);
        String shown = frames[0];
        for (int f = 1; f < frames.length; f++) {
            String next = frames[f];
            shown = next + shown.substring(Math.min(next.length(), shown.length()));
        }
        return shown;
    }
}
