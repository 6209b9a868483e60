package tlkit.harness.runner;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Command line: {@code RunMain NOTEBOOK.ipynb [-p NAME=VALUE]... [--out FILE] [--timeout SECONDS] [--allow-errors]}.
 * Exit 0 when every cell ran (with --allow-errors: when no cell timed out or killed the kernel),
 * 1 when a cell failed, 2 for bad usage or an unreadable notebook.
 */
public final class RunMain {
    private static final String USAGE = "usage: RunMain NOTEBOOK.ipynb [-p NAME=VALUE]... [--out FILE] [--timeout SECONDS] [--allow-errors]";

    private RunMain() {}

    public static void main(String[] args) throws Exception {
        System.exit(run(args));
    }

    static int run(String[] args) throws InterruptedException {
        Path notebook = null;
        Path out = null;
        Map<String, String> params = new LinkedHashMap<>();
        NotebookRunner.Builder builder = NotebookRunner.builder();
        boolean allowErrors = false;
        try {
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                switch (a) {
                    case "-p", "--parameter" -> {
                        String kv = value(args, ++i, a);
                        int eq = kv.indexOf('=');
                        if (eq <= 0) throw new IllegalArgumentException("-p expects NAME=VALUE, got '" + kv + "'");
                        params.put(kv.substring(0, eq).trim(), kv.substring(eq + 1));
                    }
                    case "--out", "-o" -> out = Path.of(value(args, ++i, a));
                    case "--timeout" -> {
                        String v = value(args, ++i, a);
                        try {
                            builder.cellTimeout(Duration.ofMillis(Math.round(Double.parseDouble(v) * 1000)));
                        } catch (NumberFormatException e) {
                            throw new IllegalArgumentException("--timeout expects seconds, got '" + v + "'");
                        }
                    }
                    case "--allow-errors" -> allowErrors = true;
                    case "-h", "--help" -> {
                        System.out.println(USAGE);
                        return 0;
                    }
                    default -> {
                        if (a.startsWith("-") || notebook != null) throw new IllegalArgumentException("unexpected argument '" + a + "'");
                        notebook = Path.of(a);
                    }
                }
            }
            if (notebook == null) throw new IllegalArgumentException("no notebook given");
            if (!Files.isRegularFile(notebook)) throw new IllegalArgumentException("notebook " + notebook.toAbsolutePath() + " does not exist");
        } catch (IllegalArgumentException e) {
            System.err.println("error: " + e.getMessage());
            System.err.println(USAGE);
            return 2;
        }
        Path target = out != null ? out : notebook;
        RunResult result;
        try {
            result = builder.parameters(params).allowErrors(allowErrors).build().run(notebook, target);
        } catch (IllegalArgumentException e) {
            System.err.println("error: " + notebook + ": " + e.getMessage());
            return 2;
        } catch (java.io.IOException e) {
            System.err.println("error: " + e.getMessage());
            return 2;
        }
        long executed = result.cells().stream().filter(c -> c.executionCount() != null).count();
        if (result.succeeded()) {
            System.err.printf("%s: %d cells executed in %.1f s, written to %s%n", notebook, executed,
                    result.elapsed().toMillis() / 1000.0, result.output());
            return 0;
        }
        for (CellResult c : result.failedCells()) {
            System.err.println("FAILED: " + notebook + ": " + describe(c));
        }
        System.err.println("executed notebook (with the error outputs) written to " + result.output());
        RunFailure first = result.failure().orElseThrow();
        boolean fatal = first.status() != CellStatus.ERROR || result.failedCells().stream().anyMatch(c -> c.status() != CellStatus.ERROR);
        return allowErrors && !fatal ? 0 : 1;
    }

    private static String describe(CellResult c) {
        for (int k = c.outputs().size() - 1; k >= 0; k--) {
            var j = c.outputs().get(k).getAsJsonObject();
            if ("error".equals(j.get("output_type").getAsString())) {
                return new RunFailure(c.index(), c.firstLine(), c.status(), j.get("ename").getAsString(),
                        j.get("evalue").getAsString()).describe();
            }
        }
        return new RunFailure(c.index(), c.firstLine(), c.status(), c.status().name(), "").describe();
    }

    private static String value(String[] args, int i, String flag) {
        if (i >= args.length) throw new IllegalArgumentException(flag + " needs a value");
        return args[i];
    }
}
