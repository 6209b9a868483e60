package tlkit.audio;

import java.util.List;
import tlkit.models.BackboneFamily;
import tlkit.models.Backbones;

/**
 * The pretrained audio backbones for {@link Backbones#load(String)}: {@code "kws-dscnn"} (stages frozen).
 * Use {@link KwsDsCnn#load()} to keep the original classifier as well.
 */
public final class AudioBackbones implements BackboneFamily {

    @Override
    public List<Backbones.Entry> backbones() {
        return List.of(new Backbones.Entry(KwsDsCnn.CATALOG_ID, KwsDsCnn.CATALOG_ID, 0,
                size -> KwsDsCnn.load().backbone()));
    }
}
