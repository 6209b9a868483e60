package tlkit.data.catalog;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Opens the bytes at a location: an http(s) URL (redirects followed, e.g. GitHub raw to
 * raw.githubusercontent.com), a {@code classpath:} resource of the tlkit jar, or a local file path.
 *
 * <p>HttpURLConnection rather than java.net.http.HttpClient because its read timeout also bounds a stalled
 * body (weak Wi-Fi, a dropped mirror): HttpClient's body stream would wait forever.
 */
final class Transport {

    static final int CONNECT_TIMEOUT_MS = 20_000;
    static final String READ_TIMEOUT_PROPERTY = "tlkit.http.readTimeoutMs";

    /** How long a connection may deliver no bytes; read per request so a notebook or test can change it. */
    static int readTimeoutMs() {
        return Integer.getInteger(READ_TIMEOUT_PROPERTY, 60_000);
    }

    private Transport() {
    }

    static boolean isHttp(String location) {
        return location.startsWith("http://") || location.startsWith("https://");
    }

    static final String CLASSPATH = "classpath:";

    static InputStream open(String location) throws IOException {
        if (location.startsWith(CLASSPATH)) {
            InputStream in = Transport.class.getClassLoader().getResourceAsStream(location.substring(CLASSPATH.length()));
            if (in == null) {
                throw new NoSuchFileException(location, null, "not in the tlkit jar");
            }
            return in;
        }
        if (!isHttp(location)) {
            try {
                return Files.newInputStream(Path.of(location));
            } catch (NoSuchFileException e) {
                throw new NoSuchFileException(location, null, "no such file");
            }
        }
        HttpURLConnection c = (HttpURLConnection) URI.create(location).toURL().openConnection();
        c.setConnectTimeout(CONNECT_TIMEOUT_MS);
        c.setReadTimeout(readTimeoutMs());
        c.setInstanceFollowRedirects(true);
        c.setRequestProperty("User-Agent", "tlkit-catalog");
        int status = c.getResponseCode();
        if (status != HttpURLConnection.HTTP_OK) {
            c.disconnect();
            throw new IOException("HTTP status " + status + " for " + location);
        }
        return c.getInputStream();
    }
}
