package tlkit.harness.release;

import java.nio.file.Path;
import java.util.List;

/** {@code ./kit release [--check]}: regenerates (or, with --check, verifies) the student homework. */
public final class ReleaseMain {

    private ReleaseMain() {
    }

    public static void main(String[] args) {
        if (args.length < 1) {
            System.out.println("usage: ReleaseMain REPO_ROOT [--check]");
            System.exit(2);
        }
        Path root = Path.of(args[0]).toAbsolutePath().normalize();
        boolean check = args.length > 1 && "--check".equals(args[1]);
        try {
            if (check) {
                List<Path> stale = Release.outOfDate(root);
                stale.forEach(p -> System.out.println("out of date: " + root.relativize(p)));
                System.out.println(stale.isEmpty() ? "release: student notebooks are up to date"
                        : "release: run ./kit release and commit the result");
                System.exit(stale.isEmpty() ? 0 : 1);
            }
            List<Path> solutions = Release.solutionNotebooks(root);
            List<Path> changed = Release.run(root);
            for (Path s : solutions) {
                Path t = Release.studentPath(root, s);
                System.out.println((changed.contains(t) ? "wrote     " : "unchanged ") + root.relativize(t)
                        + "  (from " + root.relativize(s) + ")");
            }
        } catch (RuntimeException e) {
            System.out.println("release failed: " + e.getMessage());
            System.exit(1);
        }
    }
}
