package tlkit.data.catalog;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;

/** Opens the bytes at a location: an http(s) URL (redirects followed, e.g. GitHub raw) or a local file path. */
final class Transport {

    private static final HttpClient HTTP = HttpClient.newBuilder()
            .followRedirects(HttpClient.Redirect.NORMAL)
            .connectTimeout(Duration.ofSeconds(20))
            .build();

    private Transport() {
    }

    static boolean isHttp(String location) {
        return location.startsWith("http://") || location.startsWith("https://");
    }

    static InputStream open(String location) throws IOException {
        if (!isHttp(location)) {
            try {
                return Files.newInputStream(Path.of(location));
            } catch (NoSuchFileException e) {
                throw new NoSuchFileException(location, null, "no such file");
            }
        }
        HttpRequest request = HttpRequest.newBuilder(URI.create(location))
                .timeout(Duration.ofSeconds(60))
                .header("User-Agent", "tlkit-catalog")
                .GET().build();
        HttpResponse<InputStream> response;
        try {
            response = HTTP.send(request, HttpResponse.BodyHandlers.ofInputStream());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while connecting to " + location);
        }
        if (response.statusCode() != 200) {
            response.body().close();
            throw new IOException("HTTP status " + response.statusCode() + " for " + location);
        }
        return response.body();
    }
}
