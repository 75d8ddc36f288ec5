"""Worked optimizer steps from PyTorch's torch.optim (float64), for test/nn/optimizers-vs-torch.test.ts.

Two levels:
- "updates": one optimizer over a few parameters fed fixed gradients, step by step: SGD, SGD with
  momentum, Adam (default and other betas/eps), and L2 (torch's weight_decay = 2α, the gradient
  of chainrule's l2Penalty α·Σp²) with SGD, momentum and Adam.
- "training": a 2-4-1 MLP (tanh hidden, linear output, chainrule's parameter order: per neuron its
  weights then its bias) trained full-batch-in-order on the notes' cost (mean over the batch of
  Σ_j (a_j − y_j)²), optionally + α·Σp², with each optimizer: the weights after every epoch.

Generated once and committed; the tests never run Python:
    /usr/bin/python3 scripts/optimizer-fixtures.py > test/fixtures/torch-optim.json
"""
import json

import numpy as np
import torch

torch.set_default_dtype(torch.float64)
rng = np.random.default_rng(25)

OPTIMIZERS = [
    {"name": "SGD", "chainrule": {"type": "SGD", "lr": 0.1}, "torch": lambda ps: torch.optim.SGD(ps, lr=0.1), "l2": 0},
    {"name": "SGD momentum 0.9", "chainrule": {"type": "SGD", "lr": 0.05, "momentum": 0.9}, "torch": lambda ps: torch.optim.SGD(ps, lr=0.05, momentum=0.9), "l2": 0},
    {"name": "Adam", "chainrule": {"type": "Adam", "lr": 0.01}, "torch": lambda ps: torch.optim.Adam(ps, lr=0.01), "l2": 0},
    {"name": "Adam betas (0.5, 0.9), eps 1e-3", "chainrule": {"type": "Adam", "lr": 0.02, "beta1": 0.5, "beta2": 0.9, "eps": 1e-3},
     "torch": lambda ps: torch.optim.Adam(ps, lr=0.02, betas=(0.5, 0.9), eps=1e-3), "l2": 0},
    {"name": "SGD + L2", "chainrule": {"type": "SGD", "lr": 0.1}, "torch": lambda ps: torch.optim.SGD(ps, lr=0.1, weight_decay=2 * 0.03), "l2": 0.03},
    {"name": "SGD momentum 0.8 + L2", "chainrule": {"type": "SGD", "lr": 0.05, "momentum": 0.8},
     "torch": lambda ps: torch.optim.SGD(ps, lr=0.05, momentum=0.8, weight_decay=2 * 0.03), "l2": 0.03},
    {"name": "Adam + L2", "chainrule": {"type": "Adam", "lr": 0.01}, "torch": lambda ps: torch.optim.Adam(ps, lr=0.01, weight_decay=2 * 0.03), "l2": 0.03},
]


def update_case(spec):
    params0 = rng.uniform(-2, 2, 5)
    grads = rng.uniform(-3, 3, (6, 5))
    p = torch.tensor(params0, requires_grad=True)
    opt = spec["torch"]([p])
    after = []
    for g in grads:
        opt.zero_grad()
        p.grad = torch.tensor(g)
        opt.step()
        after.append(p.detach().tolist())
    return {"name": spec["name"], "optimizer": spec["chainrule"], "l2": spec["l2"], "params0": params0.tolist(), "grads": grads.tolist(), "params": after}


def training_case(spec):
    sizes = [2, 4, 1]
    flat = rng.uniform(-1, 1, sum((sizes[i] + 1) * sizes[i + 1] for i in range(len(sizes) - 1)))
    xs = rng.uniform(-2, 2, (6, 2))
    ys = np.sin(xs[:, :1] * 1.3) + 0.5 * xs[:, 1:]
    layers = []
    at = 0
    for nin, nout in zip(sizes, sizes[1:]):
        block = flat[at:at + nout * (nin + 1)].reshape(nout, nin + 1)  # per neuron: weights, then bias
        at += nout * (nin + 1)
        layers.append((torch.tensor(block[:, :nin], requires_grad=True), torch.tensor(block[:, nin], requires_grad=True)))
    params = [t for layer in layers for t in layer]
    opt = spec["torch"](params) if spec["l2"] == 0 else spec["torch_plain"](params)
    X, Y = torch.tensor(xs), torch.tensor(ys)
    batch, epochs = 3, 3
    history = []
    for _ in range(epochs):
        for start in range(0, len(xs), batch):
            a = X[start:start + batch]
            for i, (W, b) in enumerate(layers):
                a = a @ W.T + b
                if i < len(layers) - 1:
                    a = torch.tanh(a)
            loss = ((a - Y[start:start + batch]) ** 2).sum(dim=1).mean()
            if spec["l2"]:
                loss = loss + spec["l2"] * sum((t ** 2).sum() for t in params)
            opt.zero_grad()
            loss.backward()
            opt.step()
        history.append(np.concatenate([np.concatenate([W.detach().numpy(), b.detach().numpy()[:, None]], axis=1).ravel() for W, b in layers]).tolist())
    return {"name": spec["name"], "optimizer": spec["chainrule"], "l2": spec["l2"], "sizes": sizes, "params0": flat.tolist(),
            "data": [{"x": x.tolist(), "y": y.tolist()} for x, y in zip(xs, ys)], "batchSize": batch, "epochs": epochs, "paramsAfterEpoch": history}


# Training with L2 puts α·Σp² in the loss itself (as chainrule's l2Penalty does): the optimizer has no weight decay.
PLAIN = {
    "SGD + L2": lambda ps: torch.optim.SGD(ps, lr=0.1),
    "SGD momentum 0.8 + L2": lambda ps: torch.optim.SGD(ps, lr=0.05, momentum=0.8),
    "Adam + L2": lambda ps: torch.optim.Adam(ps, lr=0.01),
}
for spec in OPTIMIZERS:
    spec["torch_plain"] = PLAIN.get(spec["name"])

fixture = {
    "meta": {"generator": "scripts/optimizer-fixtures.py", "torch": torch.__version__, "dtype": "float64"},
    "updates": [update_case(s) for s in OPTIMIZERS],
    "training": [training_case(s) for s in OPTIMIZERS],
}
print(json.dumps(fixture, separators=(",", ":")))
