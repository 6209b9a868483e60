package tlkit.models;

import java.nio.file.Path;
import java.util.List;

/**
 * The pretrained backbones of one modality or architecture, as {@link Backbones} finds them.
 *
 * <p>A family is listed in {@code META-INF/services/tlkit.models.BackboneFamily} and found through
 * {@link java.util.ServiceLoader}: {@code tlkit.models} sits below the packages that hold the concrete
 * networks (models.image, audio, text), so it cannot name them without an import cycle; they register
 * themselves instead.
 */
public interface BackboneFamily {

    /** The backbones this family loads by id. */
    List<Backbones.Entry> backbones();

    /** A backbone from a model folder this family recognises (e.g. a Hugging Face BERT), or null. */
    default Backbone loadFolder(Path folder) {
        return null;
    }
}
