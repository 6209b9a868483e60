package tlkit.harness.data;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import tlkit.data.catalog.PublicLayout;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * A loopback HTTP server (127.0.0.1, ephemeral port) for a request-path-to-file mapping, 404 for anything
 * else. {@link #publicOrigins} serves the upstream originals of catalog items from the course data folder
 * at the paths of their public URLs ({@code OWNER/REPO/raw/COMMIT/...}): what a server copying the public
 * layout holds, without the converted weights or the course notes (they have no public URL).
 */
public final class LoopbackFileServer implements AutoCloseable {

    /** The host the catalog's public URLs use; rewrite it to {@link #url()}. */
    public static final String PUBLIC_HOST = PublicLayout.HOST;

    static {
        // without TCP_NODELAY the JDK server's separate header and body writes meet delayed ACKs on a
        // kept-alive connection: ~40 ms per small file on loopback
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    private final HttpServer http;

    public LoopbackFileServer(Function<String, Path> files) throws IOException {
        http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        http.createContext("/", ex -> serve(ex, files.apply(ex.getRequestURI().getPath().substring(1))));
        http.start();
    }

    /** The originals of {@code ids} from {@code dataFolder} (laid out like the course data) at their public URL paths. */
    public static LoopbackFileServer publicOrigins(Path dataFolder, List<String> ids) throws IOException {
        Map<String, Path> files = PublicLayout.originals(dataFolder, ids);
        return new LoopbackFileServer(files::get);
    }

    /** The course data folder itself, as an HTTP mirror. */
    public static LoopbackFileServer mirror(Path dataFolder) throws IOException {
        Path root = dataFolder.toAbsolutePath().normalize();
        return new LoopbackFileServer(path -> {
            Path p = root.resolve(path).normalize();
            return p.startsWith(root) ? p : null;
        });
    }

    public String url() {
        return "http://127.0.0.1:" + http.getAddress().getPort() + "/";
    }

    /** The {@code TLKIT_URL_REWRITE} value that sends the public URLs here. */
    public String urlRewrite() {
        return PUBLIC_HOST + "=" + url();
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
