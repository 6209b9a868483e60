package tlkit.harness.data;

import tlkit.data.PullMain;
import tlkit.data.catalog.CatalogIndex;

import java.io.IOException;
import java.nio.file.Path;

/**
 * CI's public path: serves the upstream originals of every catalog item from the course data folder on
 * loopback at their public URL paths and runs {@code ./kit pull} through the URL rewrite, without a
 * mirror, into CACHE — so the converted weights are derived (and checked against the catalog) as on a
 * student's machine, and everything that later runs from CACHE (unit tests, labs) uses them.
 *
 * <pre>java -cp "harness/target/tlkit-harness.jar:lib/target/kit/*" tlkit.harness.data.PublicPathPullMain DATA_FOLDER CACHE</pre>
 */
public final class PublicPathPullMain {

    private PublicPathPullMain() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            System.err.println("usage: PublicPathPullMain DATA_FOLDER CACHE");
            System.exit(2);
        }
        int status;
        try (LoopbackFileServer server = LoopbackFileServer.publicOrigins(Path.of(args[0]), CatalogIndex.bundled().ids())) {
            System.setProperty("tlkit.urlRewrite", server.urlRewrite());
            System.out.println("public originals of " + args[0] + " served at " + server.url() + " (no mirror)");
            status = PullMain.run(new String[]{"--mirror", "", "--cache", args[1]}, System.out, System.err);
        }
        System.exit(status);
    }
}
