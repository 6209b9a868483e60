package tlkit.audio;

import tlkit.models.Backbone;

/** Pretrained audio backbones by catalog id. */
public final class AudioBackbones {

    private AudioBackbones() {
    }

    /**
     * The pretrained backbone (stages frozen) for a catalog id; only {@code "kws-dscnn"} exists.
     * Use {@link KwsDsCnn#load()} to keep the original classifier as well.
     */
    public static Backbone load(String id) {
        if (!KwsDsCnn.CATALOG_ID.equals(id)) {
            throw new IllegalArgumentException("Unknown audio backbone '" + id + "'; available: [" + KwsDsCnn.CATALOG_ID + "]");
        }
        return KwsDsCnn.load().backbone();
    }
}
