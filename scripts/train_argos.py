"""Train the small Argos test model that ends its sentences (run by scripts/train_argos_model).

A tiny Transformer, shaped exactly as CTranslate2's ``TransformerSpec``
(pre-norm, ReLU, fused self-attention projections), learns to copy its input
pieces and stop: the decoding of a real model, at test scale. It runs in a
throwaway environment with torch (``bench-out/train-venv``), never in the
project's ``.venv``; it writes the weights as a NumPy archive, which
``tests/trained_argos.py`` turns into a CTranslate2 model and an
``.argosmodel`` package with the project's own tools.

The data are the project's own French texts (tests/corpus, the judged
sentences, samples/): sentences, and sentences with their words shuffled
(so the model copies pieces rather than remembering sentences). A tenth of
the sentences, chosen by a hash of their text, is never trained on: the
script reports how the model does on them (exact copies, stops at the end).

    python scripts/train_argos.py OUT_DIR SENTENCES_FILE SPM_MODEL [--steps N]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import random
import sys
import time
from pathlib import Path

import numpy as np
import sentencepiece as spm
import torch
from torch import nn

D_MODEL, HEADS, FFN, LAYERS = 96, 4, 384, 2
MAX_PIECES = 60  # longer inputs are cut for training (the service cuts at 200 tokens)
POSITIONS = 512


def held_out(sentence: str) -> bool:
    return hashlib.sha1(sentence.encode()).digest()[0] < 26  # about a tenth


class Attention(nn.Module):
    def __init__(self, fused: bool):
        super().__init__()
        self.fused = fused
        if fused:
            self.qkv = nn.Linear(D_MODEL, 3 * D_MODEL)
        else:
            self.q = nn.Linear(D_MODEL, D_MODEL)
            self.kv = nn.Linear(D_MODEL, 2 * D_MODEL)
        self.out = nn.Linear(D_MODEL, D_MODEL)
        self.norm = nn.LayerNorm(D_MODEL)

    def forward(self, x, memory=None, mask=None):
        h = self.norm(x)
        batch, length, _ = h.shape
        if self.fused:
            q, k, v = self.qkv(h).split(D_MODEL, dim=-1)
        else:
            q = self.q(h)
            k, v = self.kv(memory).split(D_MODEL, dim=-1)

        def heads(t):
            return t.view(batch, -1, HEADS, D_MODEL // HEADS).transpose(1, 2)

        scores = heads(q) @ heads(k).transpose(-1, -2) / math.sqrt(D_MODEL // HEADS)
        if mask is not None:
            scores = scores.masked_fill(mask, float("-inf"))
        context = (scores.softmax(-1) @ heads(v)).transpose(1, 2).reshape(batch, length, D_MODEL)
        return x + self.out(context)


class FeedForward(nn.Module):
    def __init__(self):
        super().__init__()
        self.norm = nn.LayerNorm(D_MODEL)
        self.linear_0 = nn.Linear(D_MODEL, FFN)
        self.linear_1 = nn.Linear(FFN, D_MODEL)

    def forward(self, x):
        return x + self.linear_1(torch.relu(self.linear_0(self.norm(x))))


class Copier(nn.Module):
    def __init__(self, vocab: int):
        super().__init__()
        self.src_embed = nn.Embedding(vocab, D_MODEL)
        self.tgt_embed = nn.Embedding(vocab, D_MODEL)
        self.register_buffer("positions", torch.tensor(sinusoids(POSITIONS, D_MODEL)))
        self.enc_self = nn.ModuleList(Attention(True) for _ in range(LAYERS))
        self.enc_ffn = nn.ModuleList(FeedForward() for _ in range(LAYERS))
        self.enc_norm = nn.LayerNorm(D_MODEL)
        self.dec_self = nn.ModuleList(Attention(True) for _ in range(LAYERS))
        self.dec_cross = nn.ModuleList(Attention(False) for _ in range(LAYERS))
        self.dec_ffn = nn.ModuleList(FeedForward() for _ in range(LAYERS))
        self.dec_norm = nn.LayerNorm(D_MODEL)
        self.projection = nn.Linear(D_MODEL, vocab)
        for p in self.parameters():
            if p.dim() > 1:
                nn.init.xavier_uniform_(p)

    def embed(self, table, ids):
        return table(ids) * math.sqrt(D_MODEL) + self.positions[: ids.shape[1]]

    def forward(self, src, tgt_in):
        pad = (src == 0)[:, None, None, :]
        x = self.embed(self.src_embed, src)
        for attention, ffn in zip(self.enc_self, self.enc_ffn, strict=True):
            x = ffn(attention(x, mask=pad))
        memory = self.enc_norm(x)
        length = tgt_in.shape[1]
        causal = torch.triu(torch.ones(length, length, dtype=torch.bool), 1)[None, None]
        y = self.embed(self.tgt_embed, tgt_in)
        for attention, cross, ffn in zip(self.dec_self, self.dec_cross, self.dec_ffn, strict=True):
            y = ffn(cross(attention(y, mask=causal), memory=memory, mask=pad))
        return self.projection(self.dec_norm(y))


def sinusoids(length: int, dim: int) -> np.ndarray:
    """A fixed position table, stored in the model (so no convention of CTranslate2's needs to match)."""
    position = np.arange(length)[:, None]
    rates = np.exp(np.arange(0, dim, 2) * (-math.log(10000.0) / dim))
    table = np.zeros((length, dim), dtype=np.float32)
    table[:, 0::2] = np.sin(position * rates)
    table[:, 1::2] = np.cos(position * rates)
    return table


def examples(sentences: list[str], processor, vocab: dict[str, int], rng: random.Random) -> list[list[int]]:
    out = []
    for sentence in sentences:
        pieces = processor.encode(sentence, out_type=str)[:MAX_PIECES]
        out.append([vocab.get(p, vocab["<unk>"]) for p in pieces])
        words = sentence.split()
        rng.shuffle(words)
        pieces = processor.encode(" ".join(words[: rng.randint(1, len(words))]), out_type=str)[:MAX_PIECES]
        out.append([vocab.get(p, vocab["<unk>"]) for p in pieces])
    return [ids for ids in out if ids]


def batches(data: list[list[int]], tokens: int, rng: random.Random):
    order = sorted(range(len(data)), key=lambda i: (len(data[i]), rng.random()))
    batch: list[list[int]] = []
    for i in order:
        if batch and (len(batch) + 1) * (len(data[i]) + 2) > tokens:
            yield batch
            batch = []
        batch.append(data[i])
    if batch:
        yield batch


def tensors(batch: list[list[int]]):
    width = max(len(ids) for ids in batch) + 1
    src = torch.zeros(len(batch), width - 1, dtype=torch.long)
    tgt_in = torch.zeros(len(batch), width, dtype=torch.long)
    tgt_out = torch.zeros(len(batch), width, dtype=torch.long)
    for row, ids in enumerate(batch):
        src[row, : len(ids)] = torch.tensor(ids)
        tgt_in[row, : len(ids) + 1] = torch.tensor([1, *ids])  # <s> first
        tgt_out[row, : len(ids) + 1] = torch.tensor([*ids, 2])  # </s> last
    return src, tgt_in, tgt_out


@torch.no_grad()
def greedy(model: Copier, ids: list[int]) -> list[int]:
    src = torch.tensor([ids])
    out = [1]
    for _ in range(2 * len(ids) + 10):
        logits = model(src, torch.tensor([out]))[0, -1]
        token = int(logits.argmax())
        if token == 2:
            return out[1:]
        out.append(token)
    return [*out[1:], -1]  # never stopped


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("out", type=Path)
    parser.add_argument("sentences", type=Path)
    parser.add_argument("spm_model", type=Path)
    parser.add_argument("--steps", type=int, default=2000)
    args = parser.parse_args()
    torch.manual_seed(23)
    torch.set_num_threads(1)  # the machine is shared: two threads fight over the cores and run slower
    rng = random.Random(23)
    processor = spm.SentencePieceProcessor(model_file=str(args.spm_model))
    pieces = [processor.id_to_piece(i) for i in range(processor.get_piece_size())]
    vocabulary = ["<blank>", "<s>", "</s>"] + [p for p in pieces if p not in ("<s>", "</s>")]
    vocab = {p: i for i, p in enumerate(vocabulary)}
    sentences = [s for s in args.sentences.read_text(encoding="utf-8").splitlines() if s.strip()]
    train = [s for s in sentences if not held_out(s)]
    test = [s for s in sentences if held_out(s)]
    print(f"[train] {len(train)} sentences to train on, {len(test)} held out; vocabulary {len(vocabulary)}")
    model = Copier(len(vocabulary))
    optimiser = torch.optim.Adam(model.parameters(), lr=1.0, betas=(0.9, 0.98), eps=1e-9)
    warmup = 200
    schedule = torch.optim.lr_scheduler.LambdaLR(
        optimiser, lambda step: D_MODEL**-0.5 * min((step + 1) ** -0.5, (step + 1) * warmup**-1.5) * 2
    )
    loss_fn = nn.CrossEntropyLoss(ignore_index=0, label_smoothing=0.1)
    step, start = 0, time.time()
    while step < args.steps:
        data = examples(train, processor, vocab, rng)
        for batch in sorted(batches(data, 1200, rng), key=lambda _: rng.random()):
            src, tgt_in, tgt_out = tensors(batch)
            logits = model(src, tgt_in)
            loss = loss_fn(logits.reshape(-1, logits.shape[-1]), tgt_out.reshape(-1))
            optimiser.zero_grad()
            loss.backward()
            nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            optimiser.step()
            schedule.step()
            step += 1
            if step % 100 == 0 or step == 10:
                print(f"[train] step {step} loss {loss.item():.3f} ({time.time() - start:.0f} s)", flush=True)
            if step >= args.steps:
                break
    model.eval()
    exact = stopped = 0
    for sentence in test:
        ids = [vocab.get(p, vocab["<unk>"]) for p in processor.encode(sentence, out_type=str)][:MAX_PIECES]
        out = greedy(model, ids)
        exact += out == ids
        stopped += bool(out) and out[-1] != -1
    report = {"held_out": len(test), "exact_copies": exact, "stopped": stopped, "steps": step,
              "seconds": round(time.time() - start), "layers": LAYERS, "heads": HEADS, "d_model": D_MODEL}  # fmt: skip
    print(f"[train] held-out sentences: {exact}/{len(test)} copied exactly, {stopped}/{len(test)} stopped")
    args.out.mkdir(parents=True, exist_ok=True)
    weights = {name: p.detach().numpy().astype(np.float32) for name, p in model.state_dict().items()}
    np.savez(args.out / "weights.npz", **weights)
    (args.out / "vocabulary.json").write_text(json.dumps(vocabulary, ensure_ascii=False), encoding="utf-8")
    (args.out / "report.json").write_text(json.dumps(report), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
