package tlkit.data;

import tlkit.data.catalog.CatalogException;
import tlkit.data.catalog.CatalogItem;
import tlkit.data.catalog.PullReport;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Command line of {@code ./kit pull}: {@code PullMain [--mirror DIR_OR_URL] [--cache DIR] [--list] [ID...]}.
 * No ids pulls every item. Exit status 0 on success, 1 when a pull failed, 2 on a usage error.
 */
public final class PullMain {

    private static final String USAGE = """
            usage: ./kit pull [--mirror DIR_OR_URL] [--cache DIR] [--list] [ID...]
              ID...        items to pull (default: all); --list shows them
              --mirror X   pull from a local copy of the course data (folder or http URL) instead of the internet
                           (default: -Dtlkit.mirror or TLKIT_MIRROR)
              --cache DIR  where items go (default: -Dtlkit.cache, TLKIT_CACHE, <repo>/data/cache or ~/.tlkit/cache)
              --list       print id, files, size, licence and whether each item is present; pull nothing
            Behind a proxy or with a lab server copying the public layout, TLKIT_URL_REWRITE=FROM=TO[,FROM=TO...]
            (or -Dtlkit.urlRewrite) replaces URL prefixes, e.g. https://github.com/=http://127.0.0.1:8000/""";

    private PullMain() {
    }

    public static void main(String[] args) {
        int status = run(args, System.out, System.err);
        if (status != 0) {
            System.exit(status);
        }
    }

    /** Runs the command; messages to {@code out}, errors to {@code err}; returns the exit status. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        Catalog.Builder builder = Catalog.builder().progress(out);
        List<String> ids = new ArrayList<>();
        boolean list = false;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--mirror", "--cache" -> {
                    if (i + 1 >= args.length) {
                        err.println("error: " + a + " needs a value\n" + USAGE);
                        return 2;
                    }
                    String v = args[++i];
                    if (a.equals("--mirror")) {
                        builder.mirror(v);
                    } else {
                        builder.cache(Path.of(v));
                    }
                }
                case "--list" -> list = true;
                case "-h", "--help" -> {
                    out.println(USAGE);
                    return 0;
                }
                default -> {
                    if (a.startsWith("-")) {
                        err.println("error: unknown option " + a + "\n" + USAGE);
                        return 2;
                    }
                    ids.add(a);
                }
            }
        }
        try {
            Catalog catalog = builder.build();
            for (String id : ids) {
                catalog.item(id);
            }
            if (list) {
                printList(catalog, out);
                return 0;
            }
            return pullAll(catalog, ids.isEmpty() ? catalog.ids() : ids, out, err);
        } catch (CatalogException e) {
            err.println("error: " + e.getMessage());
            return 1;
        }
    }

    private static int pullAll(Catalog catalog, List<String> ids, PrintStream out, PrintStream err) {
        out.println("cache: " + catalog.cacheDir() + "   source: " + source(catalog));
        List<String> failed = new ArrayList<>();
        for (String id : ids) {
            try {
                PullReport r = catalog.pull(id);
                out.println((r.alreadyComplete() ? "present  " : "ok       ") + id + " -> " + r.folder());
            } catch (CatalogException e) {
                err.println("error: " + e.getMessage());
                failed.add(id);
            }
        }
        if (!failed.isEmpty()) {
            err.println("failed: " + String.join(" ", failed));
            return 1;
        }
        return 0;
    }

    private static String source(Catalog catalog) {
        return catalog.mirror().map(m -> "mirror " + m).orElse("internet (public URLs)")
                + (catalog.urlRewrite().isEmpty() ? "" : "   url rewrite: " + catalog.urlRewrite());
    }

    private static void printList(Catalog catalog, PrintStream out) {
        out.println("cache: " + catalog.cacheDir() + "   source: " + source(catalog));
        out.printf(Locale.ROOT, "%-26s %-8s %6s %9s  %-8s %s%n", "id", "kind", "files", "MB", "present", "license");
        for (CatalogItem item : catalog.items()) {
            out.printf(Locale.ROOT, "%-26s %-8s %6d %9.1f  %-8s %s%n", item.id(), item.kind(), item.files().size(),
                    item.totalBytes() / 1e6, catalog.isPresent(item.id()) ? "yes" : "no", item.license());
        }
    }
}
