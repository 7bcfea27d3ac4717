"""The bench model in PyTorch (same architecture, optimizer and batch as gpt.ts / train-step.ts).

Prints one JSON line: {"threads": n, "wall_ms": [per step], "cpu_ms": [per step, all threads], "params": ..., "loss_first": ..., "loss_last": ...}.
Run by run.mjs with OPENBLAS_NUM_THREADS set; argv: vocab width layers heads context batch steps threads.
"""
import json
import math
import sys
import time

import torch
import torch.nn as nn
import torch.nn.functional as F

vocab, width, layers, heads, context, batch, steps, threads = map(int, sys.argv[1:9])
torch.set_num_threads(threads)
torch.manual_seed(0)


class Block(nn.Module):
    def __init__(self):
        super().__init__()
        self.ln1 = nn.LayerNorm(width)
        self.qkv = nn.Linear(width, 3 * width)
        self.proj = nn.Linear(width, width)
        self.ln2 = nn.LayerNorm(width)
        self.fc = nn.Linear(width, 4 * width)
        self.out = nn.Linear(4 * width, width)
        self.register_buffer("mask", torch.full((context, context), float("-inf")).triu(1))

    def forward(self, x):
        b, t, c = x.shape
        d = c // heads
        q, k, v = self.qkv(self.ln1(x)).split(c, dim=2)
        q, k, v = (z.view(b, t, heads, d).transpose(1, 2) for z in (q, k, v))
        att = (q @ k.transpose(-2, -1)) / math.sqrt(d) + self.mask[:t, :t]
        o = (att.softmax(-1) @ v).transpose(1, 2).reshape(b, t, c)
        x = x + self.proj(o)
        return x + self.out(F.gelu(self.fc(self.ln2(x)), approximate="tanh"))


class Gpt(nn.Module):
    def __init__(self):
        super().__init__()
        self.tok = nn.Embedding(vocab, width)
        self.pos = nn.Parameter(torch.randn(context, width) * 0.02)
        self.blocks = nn.ModuleList([Block() for _ in range(layers)])
        self.ln_f = nn.LayerNorm(width)
        self.head = nn.Linear(width, vocab)

    def forward(self, ids, targets):
        x = self.tok(ids) + self.pos
        for blk in self.blocks:
            x = blk(x)
        logits = self.head(self.ln_f(x))
        return F.cross_entropy(logits.view(-1, vocab), targets.view(-1))


model = Gpt()
decay = [p for n, p in model.named_parameters() if p.dim() == 2 and not n.startswith(("tok", "pos"))]
no_decay = [p for n, p in model.named_parameters() if not (p.dim() == 2 and not n.startswith(("tok", "pos")))]
opt = torch.optim.AdamW(
    [{"params": decay, "weight_decay": 0.1}, {"params": no_decay, "weight_decay": 0.0}], lr=3e-4, betas=(0.9, 0.95)
)
g = torch.Generator().manual_seed(1)
data = torch.randint(0, vocab, (batch * context + 1,), generator=g)
ids = data[:-1].view(batch, context)
targets = data[1:].view(batch, context)


def step():
    opt.zero_grad(set_to_none=True)
    loss = model(ids, targets)
    loss.backward()
    opt.step()
    return loss.item()


loss_first = step()
wall_ms, cpu_ms = [], []
for _ in range(steps):
    t0 = time.perf_counter()
    c0 = time.process_time()
    loss_last = step()
    wall_ms.append((time.perf_counter() - t0) * 1000)
    cpu_ms.append((time.process_time() - c0) * 1000)
print(json.dumps({
    "threads": threads,
    "wall_ms": wall_ms,
    "cpu_ms": cpu_ms,
    "params": sum(p.numel() for p in model.parameters()),
    "loss_first": loss_first,
    "loss_last": loss_last,
    "torch": torch.__version__,
}))
