package tlkit.models.image;

import java.util.ArrayList;
import java.util.List;
import tlkit.data.Catalog;
import tlkit.models.BackboneFamily;
import tlkit.models.Backbones;

/** The pretrained image backbones: MobileNet V1 0.25 (ImageNet) and the CIFAR-10 ResNets. */
public final class ImageBackbones implements BackboneFamily {

    @Override
    public List<Backbones.Entry> backbones() {
        List<Backbones.Entry> out = new ArrayList<>();
        out.add(new Backbones.Entry("mobilenet-v1-025-imagenet", "mobilenet-v1-025-imagenet", 224,
                size -> MobileNetV1.load(Catalog.get().path("mobilenet-v1-025-imagenet"), size)));
        for (int depth : new int[] {20, 32, 44, 56}) {
            String id = "resnet" + depth + "-cifar10";
            out.add(new Backbones.Entry(id, "resnet-cifar10", 32, size -> {
                if (size != 32) {
                    throw new IllegalArgumentException(id + " takes 32x32 images only, got " + size);
                }
                return CifarResNet.load(Catalog.get().path("resnet-cifar10"), depth);
            }));
        }
        return out;
    }
}
