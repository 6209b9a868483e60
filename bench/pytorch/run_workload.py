"""PyTorch twin of the kit's benchmark workloads 1-3 (tlkit.harness.bench.KitWorkloads): the same
network, the same weights and the same input tensors (written by the kit into INPUT_DIR), the same
loop (warm-up epochs for --warmup-seconds, then one untimed epoch and the timed epochs of shuffled batches: forward,
cross-entropy, backward, optimizer step, loss and accuracy read back every batch), on the same number of threads.

usage: run_workload.py WORKLOAD INPUT_DIR --threads N --batch B --items N [--timed-epochs E] [--warmup-seconds S]
       [--profile TRACE]
Prints one line 'BENCH-RESULT workload=...<TAB>engine=pytorch<TAB>items=...<TAB>seconds=...' (see
tlkit.harness.bench.ResultLine).
"""
import argparse
import json
import os
import sys
import time

import numpy as np
import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import minilm  # noqa: E402
import resnet_cifar  # noqa: E402
import safetensors_np  # noqa: E402


def peak_rss_kib():
    try:
        with open("/proc/self/status") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return -1


def cifar(inputs, meta, n):
    pixels = np.fromfile(os.path.join(inputs, "cifar-images.f32"), dtype="<f4")
    pixels = pixels[: n * 3 * 32 * 32].reshape(n, 3, 32, 32)
    labels = np.fromfile(os.path.join(inputs, "cifar-labels.i64"), dtype="<i8")[:n]
    return torch.from_numpy(pixels.copy()), torch.from_numpy(labels.copy())


def abstracts(inputs, meta, n):
    t = meta["tokens"]

    def read(name):
        return torch.from_numpy(np.fromfile(os.path.join(inputs, name), dtype="<i8").reshape(-1, t)[:n].copy())
    labels = torch.from_numpy(np.fromfile(os.path.join(inputs, "text-labels.i64"), dtype="<i8")[:n].copy())
    return (read("text-ids.i64"), read("text-mask.i64"), read("text-types.i64")), labels


def train(model, inputs, labels, batch, timed_epochs, optimizer, seed=42):
    """Like tlkit.tune.Fit: epochs of shuffled batches; returns (items, seconds) of the timed epochs."""
    model.train()
    generator = torch.Generator().manual_seed(seed)
    n = labels.shape[0]
    timed_seconds = 0.0
    for epoch in range(1 + timed_epochs):
        t0 = time.perf_counter()
        order = torch.randperm(n, generator=generator)
        for start in range(0, n, batch):
            idx = order[start:start + batch]
            x = [a.index_select(0, idx) for a in inputs]
            y = labels.index_select(0, idx)
            optimizer.zero_grad(set_to_none=False)
            logits = model(*x)
            loss = F.cross_entropy(logits, y)
            loss.backward()
            optimizer.step()
            loss.item()
            (logits.argmax(1) == y).sum().item()
        if epoch > 0:
            timed_seconds += time.perf_counter() - t0
    return n * timed_epochs, timed_seconds


def warm_up(seconds, one_pass):
    """Like the kit's bench: whole passes until `seconds` have passed, at least one."""
    t0 = time.perf_counter()
    one_pass()
    while time.perf_counter() - t0 < seconds:
        one_pass()


def frozen(model, inputs, n, batch, warmup_seconds):
    """Like tlkit.tune.FeatureCache.compute: inference mode, features copied out per batch."""
    model.eval()
    out = np.empty((n, 0), dtype=np.float32)

    def one_pass(count):
        rows = []
        with torch.no_grad():
            for start in range(0, count, batch):
                x = [a[start:min(count, start + batch)] for a in inputs]
                rows.append(model.features(*x).numpy().copy())
        return np.concatenate(rows)
    warm_up(warmup_seconds, lambda: one_pass(n))
    t0 = time.perf_counter()
    out = one_pass(n)
    assert out.shape[0] == n
    return n, time.perf_counter() - t0


def main():
    p = argparse.ArgumentParser()
    p.add_argument("workload")
    p.add_argument("inputs")
    p.add_argument("--threads", type=int, required=True)
    p.add_argument("--batch", type=int, required=True)
    p.add_argument("--items", type=int, required=True)
    p.add_argument("--timed-epochs", type=int, default=1)
    p.add_argument("--warmup-seconds", type=float, default=0,
                   help="repeat whole warm-up passes (epochs) this long before timing, at least one")
    p.add_argument("--profile", help="write a Chrome trace of the whole workload (torch profiler) here")
    a = p.parse_args()
    if a.profile:
        with torch.autograd.profiler.profile() as prof:
            run(a)
        prof.export_chrome_trace(a.profile)
    else:
        run(a)


def run(a):
    torch.set_num_threads(a.threads)
    torch.set_num_interop_threads(a.threads)
    torch.manual_seed(42)
    with open(os.path.join(a.inputs, "inputs.json")) as f:
        meta = json.load(f)

    if a.workload.startswith("resnet20"):
        model = resnet_cifar.load(safetensors_np.read(meta["resnetWeights"]), 20)
        x, y = cifar(a.inputs, meta, a.items)
        if a.workload == "resnet20-train":
            opt = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.9)
            warm_up(a.warmup_seconds, lambda: train(model, [x], y, a.batch, 0, opt))
            items, seconds = train(model, [x], y, a.batch, a.timed_epochs, opt)
        else:
            items, seconds = frozen(model, [x], a.items, a.batch, a.warmup_seconds)
    elif a.workload.startswith("minilm"):
        model = minilm.load(safetensors_np.read(meta["minilmWeights"]), num_classes=meta["textClasses"])
        x, y = abstracts(a.inputs, meta, a.items)
        if a.workload == "minilm-train":
            opt = torch.optim.Adam(model.parameters(), lr=2e-5)
            warm_up(a.warmup_seconds, lambda: train(model, list(x), y, a.batch, 0, opt))
            items, seconds = train(model, list(x), y, a.batch, a.timed_epochs, opt)
        else:
            items, seconds = frozen(model, list(x), a.items, a.batch, a.warmup_seconds)
    else:
        raise SystemExit(f"run_workload.py: no PyTorch twin for workload '{a.workload}'")

    note = (f"torch {torch.__version__}, threads {torch.get_num_threads()}/{torch.get_num_interop_threads()}")
    print("BENCH-RESULT " + "\t".join([
        f"workload={a.workload}", "engine=pytorch", f"items={items}", f"seconds={seconds:.6f}",
        f"batch={a.batch}", f"peak_rss_kib={peak_rss_kib()}", f"note={note}"]), flush=True)


if __name__ == "__main__":
    main()
