"""CIFAR-10 ResNet-20 (He et al. 2016, option-A shortcuts) in plain torch.nn, the same network as the
kit's tlkit.models.image.CifarResNet: input NCHW RGB in [0, 255], normalised inside the model with the
ImageNet mean/std, global average pooling to 64-d features, then a 64 -> 10 linear layer."""
import torch
import torch.nn as nn
import torch.nn.functional as F

MEAN = (0.485, 0.456, 0.406)
STD = (0.229, 0.224, 0.225)


class BasicBlock(nn.Module):
    def __init__(self, inp, planes, stride):
        super().__init__()
        self.conv1 = nn.Conv2d(inp, planes, 3, stride, 1, bias=False)
        self.bn1 = nn.BatchNorm2d(planes, eps=1e-5)
        self.conv2 = nn.Conv2d(planes, planes, 3, 1, 1, bias=False)
        self.bn2 = nn.BatchNorm2d(planes, eps=1e-5)
        self.pad = planes // 4 if (stride != 1 or inp != planes) else 0

    def forward(self, x):
        out = F.relu(self.bn1(self.conv1(x)))
        out = self.bn2(self.conv2(out))
        if self.pad:
            x = F.pad(x[:, :, ::2, ::2], (0, 0, 0, 0, self.pad, self.pad))
        return F.relu(out + x)


class CifarResNet(nn.Module):
    def __init__(self, depth=20, num_classes=10):
        super().__init__()
        n = (depth - 2) // 6
        self.conv1 = nn.Conv2d(3, 16, 3, 1, 1, bias=False)
        self.bn1 = nn.BatchNorm2d(16, eps=1e-5)
        self.layer1 = self._layer(16, 16, n, 1)
        self.layer2 = self._layer(16, 32, n, 2)
        self.layer3 = self._layer(32, 64, n, 2)
        self.linear = nn.Linear(64, num_classes)
        self.register_buffer("mean", torch.tensor(MEAN).view(1, 3, 1, 1))
        self.register_buffer("std", torch.tensor(STD).view(1, 3, 1, 1))

    @staticmethod
    def _layer(inp, planes, blocks, stride):
        return nn.Sequential(*[BasicBlock(inp if b == 0 else planes, planes, stride if b == 0 else 1)
                               for b in range(blocks)])

    def features(self, x):
        x = (x - self.mean * 255) / (self.std * 255)
        x = F.relu(self.bn1(self.conv1(x)))
        x = self.layer3(self.layer2(self.layer1(x)))
        return x.mean(dim=(2, 3))

    def forward(self, x):
        return self.linear(self.features(x))


def load(weights, depth=20):
    """The network with the weights of a dict name -> numpy array (the upstream state_dict names)."""
    model = CifarResNet(depth)
    state = {k: torch.from_numpy(v) for k, v in weights.items()}
    missing, unexpected = model.load_state_dict(state, strict=False)
    missing = [m for m in missing if not m.endswith(("mean", "std", "num_batches_tracked"))]
    if missing or unexpected:
        raise ValueError(f"ResNet-{depth} weights do not fit: missing {missing}, unexpected {unexpected}")
    return model
