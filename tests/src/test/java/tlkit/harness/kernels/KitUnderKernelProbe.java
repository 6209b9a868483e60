package tlkit.harness.kernels;

import java.nio.file.Path;
import java.util.function.Supplier;
import tlkit.data.Catalog;
import tlkit.data.images.ImageDataset;
import tlkit.data.images.ImageFolder;
import tlkit.data.images.ImageTransform;
import tlkit.models.Backbone;
import tlkit.models.Backbones;
import tlkit.tune.Fit;
import tlkit.tune.Head;
import tlkit.tune.Strategy;
import tlkit.tune.TransferModel;
import tlkit.tune.History;

/**
 * What lab 01 does first, run by {@link KernelClasspathTest} inside a class loader that models an
 * IJava-family kernel (the kernel's jar first, the kit's jars after it). Loaded by that loader, so every
 * class it names resolves as it would in a notebook cell.
 */
public final class KitUnderKernelProbe implements Supplier<String> {

    @Override
    public String get() {
        Path root = Catalog.get().path("hymenoptera");
        ImageDataset train = ImageFolder.of(root.resolve("train")).trainTestSplit(0.1, 7)[0]
                .withTransform(ImageTransform.resizeCenterCrop(64));
        try (Backbone mobilenet = Backbones.load("mobilenet-v1-025-imagenet", 64)) {
            TransferModel model = TransferModel.of(mobilenet, Head.linear(2), 7);
            History history = Fit.sgd(0.01f).epochs(1).seed(7).name("one step under the kernel")
                    .run(model, Strategy.full(), train, train);
            return String.format("trained %d images, loss %.4f", train.size(), history.column("train_loss")[0]);
        }
    }
}
