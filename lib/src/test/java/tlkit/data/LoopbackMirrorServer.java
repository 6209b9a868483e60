package tlkit.data;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Serves a mirror folder over HTTP on 127.0.0.1 (ephemeral port). While {@link #cutAfterHalf} names a
 * request path, that file's response announces the full length, sends half the bytes and drops the
 * connection — an interrupted transfer.
 */
final class LoopbackMirrorServer implements AutoCloseable {

    private final HttpServer server;
    private final Path root;
    final AtomicInteger requests = new AtomicInteger();
    volatile String cutAfterHalf;

    LoopbackMirrorServer(Path root) throws IOException {
        this.root = root.toAbsolutePath().normalize();
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/";
    }

    private void handle(HttpExchange ex) throws IOException {
        requests.incrementAndGet();
        String path = ex.getRequestURI().getPath().substring(1); // already percent-decoded
        Path file = root.resolve(path).normalize();
        if (!file.startsWith(root) || !Files.isRegularFile(file)) {
            ex.sendResponseHeaders(404, -1);
            ex.close();
            return;
        }
        byte[] bytes = Files.readAllBytes(file);
        ex.sendResponseHeaders(200, bytes.length);
        OutputStream out = ex.getResponseBody();
        if (path.equals(cutAfterHalf)) {
            out.write(bytes, 0, bytes.length / 2);
            out.flush();
            // a handler that throws makes the server close the connection: the client sees it end early
            throw new IOException("test: connection cut after " + bytes.length / 2 + " of " + bytes.length + " bytes");
        }
        out.write(bytes);
        out.close();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
