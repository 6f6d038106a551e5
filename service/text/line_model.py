"""The learned part of the structure reader: line kinds from features, then the likeliest sequence.

A multinomial logistic regression gives each line a probability per kind
from its features (``service.text.line_features``); a first-order
transition table between kinds (learned from the same corpus) and a Viterbi
search give the likeliest sequence of kinds for the whole article, with at
most one title. Both are plain numbers in ``structure_model.json``, trained
by ``scripts/structure_model train`` and read here with NumPy: nothing to
install, nothing to download.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

MODEL_PATH = Path(__file__).with_name("structure_model.json")
TITLE = "title"


@dataclass(frozen=True)
class LineModel:
    """Weights (features x kinds), biases, and log transition scores (start row, then kind to kind)."""

    kinds: tuple[str, ...]
    feature_names: tuple[str, ...]  # the fixed features (``line_features.FEATURE_NAMES``), then ``vocabulary``
    vocabulary: tuple[str, ...]  # lemmas whose presence in a line is a feature
    weights: np.ndarray
    bias: np.ndarray
    start: np.ndarray
    transitions: np.ndarray
    transition_weight: float = 1.0

    def log_proba(self, x: np.ndarray) -> np.ndarray:
        scores = x @ self.weights + self.bias
        scores -= scores.max(axis=1, keepdims=True)
        return scores - np.log(np.exp(scores).sum(axis=1, keepdims=True))

    def decode(self, log_proba: np.ndarray, headlines: list[bool] | None = None) -> list[int]:
        """The likeliest kinds (indices into ``kinds``) with at most one title.

        Viterbi over states (kind, whether the title is at or before this line): a title can only be
        entered from "not seen", and nothing leaves "seen". ``headlines``: the lines that may be the
        title; when one of them may, the article has exactly one title, chosen by the score of the
        whole sequence.
        """
        n, k = log_proba.shape
        if n == 0:
            return []
        title = self.kinds.index(TITLE) if TITLE in self.kinds else None
        if title is not None and headlines is not None:
            log_proba = log_proba.copy()
            log_proba[[not h for h in headlines], title] = -np.inf
        trans = self.transition_weight * self.transitions
        score = np.full(2 * k, -np.inf)
        score[:k] = log_proba[0] + self.transition_weight * self.start
        if title is not None:
            score[k + title] = score[title]
            score[title] = -np.inf
        back = np.zeros((n, 2 * k), dtype=np.int64)
        for i in range(1, n):
            from_unseen = score[:k, None] + trans  # [previous, next]
            from_seen = score[k:, None] + trans
            new = np.empty(2 * k)
            new[:k] = from_unseen.max(axis=0) + log_proba[i]
            back[i, :k] = from_unseen.argmax(axis=0)
            new[k:] = from_seen.max(axis=0) + log_proba[i]
            back[i, k:] = from_seen.argmax(axis=0) + k
            if title is not None:
                new[title] = -np.inf
                new[k + title] = from_unseen[:, title].max() + log_proba[i, title]
                back[i, k + title] = int(from_unseen[:, title].argmax())
            score = new
        if title is not None and headlines is not None and any(headlines) and np.isfinite(score[k:]).any():
            score = np.concatenate([np.full(k, -np.inf), score[k:]])  # a headline was possible: one was chosen
        if not np.isfinite(score).any():  # the constraints left no sequence possible: each line's likeliest kind
            return [int(row.argmax()) for row in log_proba]
        state = int(score.argmax())
        path = [state]
        for i in range(n - 1, 0, -1):
            state = int(back[i, state])
            path.append(state)
        return [s % k for s in reversed(path)]

    def to_json(self) -> dict:
        return {
            "kinds": list(self.kinds),
            "features": list(self.feature_names),
            "vocabulary": list(self.vocabulary),
            "weights": np.round(self.weights, 5).tolist(),
            "bias": np.round(self.bias, 5).tolist(),
            "start": np.round(self.start, 5).tolist(),
            "transitions": np.round(self.transitions, 5).tolist(),
            "transition_weight": self.transition_weight,
        }

    @classmethod
    def from_json(cls, data: dict) -> LineModel:
        return cls(
            kinds=tuple(data["kinds"]),
            feature_names=tuple(data["features"]),
            vocabulary=tuple(data.get("vocabulary", ())),
            weights=np.array(data["weights"], dtype=np.float64),
            bias=np.array(data["bias"], dtype=np.float64),
            start=np.array(data["start"], dtype=np.float64),
            transitions=np.array(data["transitions"], dtype=np.float64),
            transition_weight=float(data.get("transition_weight", 1.0)),
        )


@lru_cache(maxsize=1)
def default_model() -> LineModel:
    """The committed model (``structure_model.json`` beside this module)."""
    return LineModel.from_json(json.loads(MODEL_PATH.read_text(encoding="utf-8")))
