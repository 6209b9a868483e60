package tlkit.harness.bench;

import tlkit.data.Catalog;
import tlkit.harness.data.LoopbackFileServer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
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
        Path work = Files.createTempDirectory("tlkit-pullbench");
        Map<String, List<Double>> mirrorTimes = new HashMap<>();
        Map<String, List<Double>> publicTimes = new HashMap<>();
        try (LoopbackFileServer mirrorServer = LoopbackFileServer.mirror(mirror);
             LoopbackFileServer publicServer = LoopbackFileServer.publicOrigins(mirror, ids)) {
            for (int round = 0; round < rounds; round++) {
                Catalog viaMirror = Catalog.builder().cache(work.resolve("m" + round)).mirror(mirrorServer.url())
                        .urlRewrite(null).progress(null).build();
                Catalog viaPublic = Catalog.builder().cache(work.resolve("p" + round)).mirror(null)
                        .urlRewrite(publicServer.urlRewrite()).progress(null).build();
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

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
