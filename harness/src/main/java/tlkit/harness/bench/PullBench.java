package tlkit.harness.bench;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import tlkit.data.Catalog;
import tlkit.data.catalog.CatalogIndex;
import tlkit.data.catalog.CatalogItem;
import tlkit.data.catalog.ItemFile;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * Pull time of catalog items two ways, side by side, both over loopback HTTP from the course data folder:
 * the course mirror (every file copied, the converted weights included) and the public path (a server
 * holding only the upstream originals at their public URL paths, the URL rewrite pointing at it, the
 * weights converted locally). Each round pulls into fresh empty caches, alternating which way goes
 * first; prints per-item medians and the ratio. A benchmark that prints numbers, not a timed test.
 *
 * <pre>java -cp "harness/target/tlkit-harness.jar:lib/target/kit/*" tlkit.harness.bench.PullBench MIRROR_DIR [--rounds N] [ID...]</pre>
 */
public final class PullBench {

    private PullBench() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 1) {
            System.err.println("usage: PullBench MIRROR_DIR [--rounds N] [ID...]   (default: the weights items, 5 rounds)");
            System.exit(2);
        }
        Path mirror = Path.of(args[0]).toAbsolutePath();
        int rounds = 5;
        List<String> ids = new ArrayList<>();
        for (int i = 1; i < args.length; i++) {
            if (args[i].equals("--rounds")) {
                rounds = Integer.parseInt(args[++i]);
            } else {
                ids.add(args[i]);
            }
        }
        if (ids.isEmpty()) {
            ids = List.of("mobilenet-v1-025-imagenet", "resnet-cifar10", "kws-dscnn");
        }
        // without TCP_NODELAY the JDK server's separate header and body writes meet delayed ACKs on a
        // kept-alive connection: ~40 ms per small file on loopback, which would swamp both columns
        System.setProperty("sun.net.httpserver.nodelay", "true");
        Path work = Files.createTempDirectory("tlkit-pullbench");
        Map<String, List<Double>> mirrorTimes = new HashMap<>();
        Map<String, List<Double>> publicTimes = new HashMap<>();
        try (Server mirrorServer = new Server(path -> safeResolve(mirror, path));
             Server publicServer = new Server(publicOrigins(mirror, ids)::get)) {
            for (int round = 0; round < rounds; round++) {
                Catalog viaMirror = Catalog.builder().cache(work.resolve("m" + round)).mirror(mirrorServer.url())
                        .urlRewrite(null).progress(null).build();
                Catalog viaPublic = Catalog.builder().cache(work.resolve("p" + round)).mirror(null)
                        .urlRewrite("https://github.com/=" + publicServer.url()).progress(null).build();
                for (String id : ids) {
                    boolean mirrorFirst = round % 2 == 0;
                    time(mirrorFirst ? viaMirror : viaPublic, id, mirrorFirst ? mirrorTimes : publicTimes);
                    time(mirrorFirst ? viaPublic : viaMirror, id, mirrorFirst ? publicTimes : mirrorTimes);
                }
            }
        } finally {
            deleteTree(work);
        }
        System.out.printf(Locale.ROOT, "%-26s %12s %12s %8s   (median of %d rounds; first round in brackets)%n",
                "item", "mirror s", "public s", "ratio", rounds);
        double mirrorSum = 0;
        double publicSum = 0;
        for (String id : ids) {
            double m = median(mirrorTimes.get(id));
            double p = median(publicTimes.get(id));
            mirrorSum += m;
            publicSum += p;
            System.out.printf(Locale.ROOT, "%-26s %5.3f [%5.3f] %5.3f [%5.3f] %7.2fx%n", id, m, mirrorTimes.get(id).get(0),
                    p, publicTimes.get(id).get(0), p / m);
        }
        System.out.printf(Locale.ROOT, "%-26s %12.3f %12.3f %7.2fx%n", "total", mirrorSum, publicSum, publicSum / mirrorSum);
        System.out.println("every round (s): mirror " + mirrorTimes + "\n                 public " + publicTimes);
    }

    private static void time(Catalog catalog, String id, Map<String, List<Double>> into) {
        long start = System.nanoTime();
        catalog.pull(id);
        into.computeIfAbsent(id, k -> new ArrayList<>()).add((System.nanoTime() - start) / 1e9);
    }

    private static double median(List<Double> xs) {
        double[] a = xs.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return a.length % 2 == 1 ? a[a.length / 2] : (a[a.length / 2 - 1] + a[a.length / 2]) / 2;
    }

    /** Public URL path (decoded, no leading '/') to the mirror file, for every file of the items that has a public URL. */
    private static Map<String, Path> publicOrigins(Path mirror, List<String> ids) {
        Map<String, Path> out = new HashMap<>();
        for (String id : ids) {
            CatalogItem item = CatalogIndex.bundled().item(id);
            for (ItemFile f : item.files()) {
                item.publicUrl(f).ifPresent(url -> out.put(URI.create(url).getPath().substring(1),
                        mirror.resolve(item.mirrorPath()).resolve(f.path())));
            }
        }
        return out;
    }

    private static Path safeResolve(Path root, String path) {
        Path p = root.resolve(path).normalize();
        return p.startsWith(root) ? p : null;
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    /** A loopback HTTP server for a path-to-file mapping (404 for anything else). */
    private static final class Server implements AutoCloseable {
        private final HttpServer http;

        Server(Function<String, Path> files) throws IOException {
            http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            http.createContext("/", ex -> serve(ex, files.apply(ex.getRequestURI().getPath().substring(1))));
            http.start();
        }

        String url() {
            return "http://127.0.0.1:" + http.getAddress().getPort() + "/";
        }

        private static void serve(HttpExchange ex, Path file) throws IOException {
            if (file == null || !Files.isRegularFile(file)) {
                ex.sendResponseHeaders(404, -1);
                ex.close();
                return;
            }
            byte[] bytes = Files.readAllBytes(file);
            ex.sendResponseHeaders(200, bytes.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(bytes);
            }
        }

        @Override
        public void close() {
            http.stop(0);
        }
    }
}
