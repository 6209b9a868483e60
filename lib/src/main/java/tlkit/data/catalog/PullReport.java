package tlkit.data.catalog;

import java.nio.file.Path;

/**
 * What one pull did: the item folder, how many files were fetched (downloaded or copied from the mirror)
 * and how many already-present files were verified and kept, and how many files were derived from the
 * item's originals (converted weights, when pulling without a mirror).
 */
public record PullReport(String id, Path folder, int fetched, int kept, long bytesFetched, int derived) {

    public boolean alreadyComplete() {
        return fetched == 0 && kept == 0 && derived == 0;
    }
}
