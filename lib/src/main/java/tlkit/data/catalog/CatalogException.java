package tlkit.data.catalog;

/**
 * A catalog or pull failure. The message says which item and file, where it came from, and what to do
 * next (a line starting with "Fix:").
 */
public class CatalogException extends RuntimeException {

    public CatalogException(String message) {
        super(message);
    }

    public CatalogException(String message, Throwable cause) {
        super(message, cause);
    }
}
