package tlkit.models.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.loss.Loss;
import org.junit.jupiter.api.Test;
import tlkit.data.Catalog;
import tlkit.data.Splits;
import tlkit.data.images.ImageDataset;
import tlkit.data.images.ImageFolder;
import tlkit.data.images.ImageTransform;
import tlkit.models.Backbones;

/** The rebuilt networks are real DJL graphs: gradients reach every unfrozen weight, frozen ones stay put. */
class BackboneTrainingTest {

    private static float[] runningMean(CifarResNet net, String stage) {
        for (var p : net.stage(stage).getParameters().values()) {
            if (p.getType() == Parameter.Type.RUNNING_MEAN) {
                return p.getArray().toFloatArray();
            }
        }
        throw new AssertionError("no BatchNorm in " + stage);
    }

    @Test
    void gradientsReachUnfrozenStagesAndFrozenStemKeepsItsBatchNormStatistics() {
        ImageDataset cifar = ImageFolder.of(Catalog.get().path("cifar10-test"))
                .withTransform(ImageTransform.randomCrop(32, 4).withHorizontalFlip(), 1);
        int[] idx = Splits.kShot(cifar.labels(), 2, 5).train();
        try (CifarResNet net = (CifarResNet) Backbones.load("resnet20-cifar10");
                NDManager m = net.manager().newSubManager()) {
            net.stage("stem").freeze();
            Parameter stemConv = net.stage("stem").getParameters().get(0).getValue();
            float[] stemBefore = stemConv.getArray().toFloatArray();
            float[] stemMeanBefore = runningMean(net, "stem");
            float[] layer1MeanBefore = runningMean(net, "layer1");
            NDList batch = cifar.batch(m, idx);
            ParameterStore ps = new ParameterStore(m, false);
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray logits = net.withOriginalHead().forward(ps, new NDList(batch.get(0)), true).singletonOrThrow();
                NDArray loss = Loss.softmaxCrossEntropyLoss().evaluate(new NDList(batch.get(1)), new NDList(logits));
                gc.backward(loss);
            }
            // layer2.0 holds the option-A shortcut: its first conv must get a gradient
            for (String stage : new String[] {"layer1", "layer2", "layer3"}) {
                Parameter first = net.stage(stage).getParameters().get(0).getValue();
                NDArray g = first.getArray().getGradient();
                assertTrue(g.abs().sum().getFloat() > 0, stage + " got no gradient");
            }
            assertFalse(stemConv.requiresGradient());
            assertArrayEquals(stemBefore, stemConv.getArray().toFloatArray());
            // a training-mode forward updates BatchNorm statistics of trainable stages only
            assertArrayEquals(stemMeanBefore, runningMean(net, "stem"));
            assertFalse(java.util.Arrays.equals(layer1MeanBefore, runningMean(net, "layer1")));
        }
    }
}
