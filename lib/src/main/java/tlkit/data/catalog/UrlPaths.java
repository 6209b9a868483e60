package tlkit.data.catalog;

import java.nio.charset.StandardCharsets;

/** Percent-encoding of relative file paths for URLs (some file names contain spaces and parentheses). */
final class UrlPaths {

    private UrlPaths() {
    }

    /** Encodes every byte except RFC 3986 unreserved characters and '/'. */
    static String encode(String path) {
        StringBuilder sb = new StringBuilder();
        for (byte b : path.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '.' || c == '_' || c == '~' || c == '/') {
                sb.append((char) c);
            } else {
                sb.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 15, 16)));
            }
        }
        return sb.toString();
    }

    static String joinUrl(String base, String relative) {
        return (base.endsWith("/") ? base : base + "/") + encode(relative);
    }
}
