package tlkit.data;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * Serves files over HTTP on 127.0.0.1 (ephemeral port): a mirror folder, or any mapping from request
 * path to file (e.g. the upstream originals at their public URL paths). Faults, each for the request
 * path it names: {@link #cutAfterHalf} announces the full length, sends half and drops the connection
 * (an interrupted transfer); {@link #corrupt} flips one byte; {@link #status500} answers 500;
 * {@link #stall} sends half and then nothing for a minute (a server too slow to finish).
 */
final class LoopbackMirrorServer implements AutoCloseable {

    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "loopback-http");
        t.setDaemon(true);
        return t;
    });
    private final Function<String, Path> files;
    final AtomicInteger requests = new AtomicInteger();
    final List<String> requested = new CopyOnWriteArrayList<>();
    volatile String cutAfterHalf;
    volatile String corrupt;
    volatile String status500;
    volatile String stall;

    /** Serves {@code root}'s files at their relative paths. */
    LoopbackMirrorServer(Path root) throws IOException {
        this(path -> {
            Path r = root.toAbsolutePath().normalize();
            Path file = r.resolve(path).normalize();
            return file.startsWith(r) ? file : null;
        });
    }

    /** Serves the file {@code files} maps a request path (percent-decoded, no leading '/') to; null or missing = 404. */
    LoopbackMirrorServer(Function<String, Path> files) throws IOException {
        this.files = files;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.setExecutor(threads);
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/";
    }

    private void handle(HttpExchange ex) throws IOException {
        requests.incrementAndGet();
        String path = ex.getRequestURI().getPath().substring(1); // already percent-decoded
        requested.add(path);
        Path file = files.apply(path);
        if (path.equals(status500)) {
            ex.sendResponseHeaders(500, -1);
            ex.close();
            return;
        }
        if (file == null || !Files.isRegularFile(file)) {
            ex.sendResponseHeaders(404, -1);
            ex.close();
            return;
        }
        byte[] bytes = Files.readAllBytes(file);
        if (path.equals(corrupt)) {
            bytes[bytes.length / 2] ^= 0x01;
        }
        ex.sendResponseHeaders(200, bytes.length);
        OutputStream out = ex.getResponseBody();
        if (path.equals(cutAfterHalf) || path.equals(stall)) {
            out.write(bytes, 0, bytes.length / 2);
            out.flush();
            if (path.equals(stall)) {
                sleepQuietly(60_000);
            }
            // a handler that throws makes the server close the connection: the client sees it end early
            throw new IOException("test: connection cut after " + bytes.length / 2 + " of " + bytes.length + " bytes");
        }
        out.write(bytes);
        out.close();
    }

    private static void sleepQuietly(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
