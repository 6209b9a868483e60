"""A post-LayerNorm BERT encoder (all-MiniLM-L6-v2 shape) in plain torch.nn, written op for op like
the kit's tlkit.text.bert classes, reading Hugging Face tensor names; masked mean pooling on top."""
import math

import torch
import torch.nn as nn
import torch.nn.functional as F

MASKED_SCORE = -1e9


class Config:
    def __init__(self, vocab=30522, hidden=384, layers=6, heads=12, intermediate=1536, positions=512,
                 types=2, eps=1e-12, dropout=0.1):
        self.vocab, self.hidden, self.layers, self.heads = vocab, hidden, layers, heads
        self.intermediate, self.positions, self.types, self.eps, self.dropout = \
            intermediate, positions, types, eps, dropout


class Embeddings(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.word_embeddings = nn.Embedding(c.vocab, c.hidden)
        self.position_embeddings = nn.Embedding(c.positions, c.hidden)
        self.token_type_embeddings = nn.Embedding(c.types, c.hidden)
        self.LayerNorm = nn.LayerNorm(c.hidden, eps=c.eps)
        self.dropout = nn.Dropout(c.dropout)

    def forward(self, ids, types):
        pos = torch.arange(ids.shape[1], dtype=torch.long)
        x = self.word_embeddings(ids) + self.position_embeddings(pos).unsqueeze(0) + self.token_type_embeddings(types)
        return self.dropout(self.LayerNorm(x))


class Layer(nn.Module):
    def __init__(self, c):
        super().__init__()
        h = c.hidden
        self.heads, self.head_size = c.heads, h // c.heads
        self.query, self.key, self.value = nn.Linear(h, h), nn.Linear(h, h), nn.Linear(h, h)
        self.attention_output = nn.Linear(h, h)
        self.attention_norm = nn.LayerNorm(h, eps=c.eps)
        self.intermediate = nn.Linear(h, c.intermediate)
        self.output = nn.Linear(c.intermediate, h)
        self.output_norm = nn.LayerNorm(h, eps=c.eps)
        self.attention_dropout = nn.Dropout(c.dropout)
        self.hidden_dropout = nn.Dropout(c.dropout)

    def _split(self, x, n, t):
        return x.reshape(n, t, self.heads, self.head_size).transpose(1, 2)

    def forward(self, x, key_bias):
        n, t, h = x.shape
        q = self._split(self.query(x) * (1 / math.sqrt(self.head_size)), n, t)
        k = self._split(self.key(x), n, t)
        v = self._split(self.value(x), n, t)
        probs = torch.softmax(q @ k.transpose(2, 3) + key_bias, dim=-1)
        probs = self.attention_dropout(probs)
        context = (probs @ v).transpose(1, 2).reshape(n, t, h)
        a = self.hidden_dropout(self.attention_output(context))
        a = self.attention_norm(a + x)
        f = self.output(F.gelu(self.intermediate(a)))
        f = self.hidden_dropout(f)
        return self.output_norm(f + a)


class SentenceEncoder(nn.Module):
    def __init__(self, c, num_classes=None):
        super().__init__()
        self.embeddings = Embeddings(c)
        self.layers = nn.ModuleList([Layer(c) for _ in range(c.layers)])
        self.head = nn.Linear(c.hidden, num_classes) if num_classes else None

    def features(self, ids, mask, types):
        x = self.embeddings(ids, types)
        n, t = ids.shape
        key_bias = ((1 - mask.float()) * MASKED_SCORE).reshape(n, 1, 1, t)
        for layer in self.layers:
            x = layer(x, key_bias)
        m = mask.float().unsqueeze(-1)
        return (x * m).sum(1) / m.sum(1).clamp(min=1e-9)

    def forward(self, ids, mask, types):
        return self.head(self.features(ids, mask, types))


_RENAME = {
    "attention.self.query": "query", "attention.self.key": "key", "attention.self.value": "value",
    "attention.output.dense": "attention_output", "attention.output.LayerNorm": "attention_norm",
    "intermediate.dense": "intermediate", "output.dense": "output", "output.LayerNorm": "output_norm",
}


def load(weights, num_classes=None, config=None):
    """The encoder with Hugging Face-named weights (dict name -> numpy array); a new head if asked."""
    c = config or Config()
    model = SentenceEncoder(c, num_classes)
    state = {}
    for name, value in weights.items():
        if name.startswith("encoder.layer."):
            rest = name[len("encoder.layer."):]
            index, inner = rest.split(".", 1)
            for hf, ours in _RENAME.items():
                if inner.startswith(hf + "."):
                    name = f"layers.{index}.{ours}.{inner[len(hf) + 1:]}"
                    break
        state[name] = torch.from_numpy(value)
    missing, unexpected = model.load_state_dict(state, strict=False)
    missing = [m for m in missing if not m.startswith("head.")]
    if missing or unexpected:
        raise ValueError(f"MiniLM weights do not fit: missing {missing}, unexpected {unexpected}")
    return model
