"""The fusion of the ten rule dimensions and the network model into the 0–100 冒烟指数 (smoke index).

Each input ``s`` in [0, 1] becomes a hazard ``h = −log(1 − min(s, 0.999))``, and

    index = 100 · (1 − exp(−Σ wᵢ hᵢ)),  wᵢ ≥ 0

so the index is 0 when nothing fires, never decreases when any input rises, and with every weight 1 equals the
noisy-OR ``100 · (1 − Π(1 − sᵢ))``. It decomposes exactly: input i contributes ``index · wᵢhᵢ / Σⱼ wⱼhⱼ`` points.

``fit`` learns the weights (and an intercept ``b`` that only the fit's likelihood uses,
``P(y = 1) = 1 − exp(−(b + Σ wᵢhᵢ))``; the index leaves it out so a party with no signal stays at 0) by maximum
likelihood with class-balancing sample weights and a small L2 penalty, under ``w ≥ 0`` bounds (L-BFGS-B).
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import ArrayLike

from smokeindex.errors import NotFound, ValidationFailed
from smokeindex.rules.model import DIMENSIONS

#: The model's inputs, in column order: the ten rule dimensions, then the network model's probability.
INPUTS: tuple[str, ...] = (*DIMENSIONS, "network")
#: Chinese labels of the inputs (the dimensions' names come from the rule pack).
INPUT_ZH: dict[str, str] = {**DIMENSIONS, "network": "网络模型风险"}
#: Inputs are capped here before the hazard transform, so one input alone gives at most 99.9 (times its weight).
MAX_SIGNAL = 0.999
FORMAT = "smokeindex.fusion/v1"


def hazards(X: ArrayLike) -> np.ndarray:
    """``−log(1 − min(s, 0.999))`` element-wise; inputs must lie in [0, 1]."""
    s = np.asarray(X, dtype=float)
    if s.size and not (np.all(s >= 0.0) and np.all(s <= 1.0)):  # also refuses NaN
        raise ValidationFailed("融合模型的输入须在 0–1 之间 (fusion inputs must lie in [0, 1])")
    return -np.log1p(-np.minimum(s, MAX_SIGNAL))


def _check_weight(name: str, value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value) or value < 0:
        raise ValidationFailed(f"融合权重 {name} 须为非负有限数 (weight must be a finite number >= 0): {value!r}")
    return float(value)


def fit_hazard_weights(
    H: np.ndarray,
    y: ArrayLike,
    *,
    sample_weight: ArrayLike | None = None,
    balance: bool = True,
    l2: float = 1e-3,
    max_iter: int = 1000,
    start: np.ndarray | None = None,
    prior: np.ndarray | float = 0.0,
) -> tuple[np.ndarray, float, dict[str, Any]]:
    """Non-negative weights ``w`` and intercept ``b`` maximising the likelihood of
    ``P(y = 1) = 1 − exp(−(b + H·w))`` over hazards ``H`` (n × k); see ``FusionModel.fit``. The L2 penalty pulls
    the weights towards ``prior`` (0 by default; 1 is the noisy-OR of the inputs)."""
    from scipy.optimize import minimize

    target = np.asarray(y, dtype=float).ravel()
    if target.shape[0] != H.shape[0] or not np.all((target == 0) | (target == 1)):
        raise ValidationFailed(f"y 须为与 X 等长的 0/1 标签 (y must be 0/1 labels, one per row of X): {target.shape}")
    positives = int(target.sum())
    if positives in (0, len(target)):
        raise ValidationFailed("训练数据须同时含正例与负例 (fitting needs both positive and negative rows)")
    s = np.ones_like(target) if sample_weight is None else np.asarray(sample_weight, dtype=float).ravel()
    if s.shape != target.shape or not np.all(np.isfinite(s)) or np.any(s < 0) or s.sum() <= 0:
        raise ValidationFailed("sample_weight 须为与 y 等长的非负数 (sample_weight must be >= 0, one per row)")
    if balance:
        n = len(target)
        s = s * np.where(target == 1, n / (2 * positives), n / (2 * (n - positives)))
    s = s / s.sum()
    k = H.shape[1]

    def objective(theta: np.ndarray) -> tuple[float, np.ndarray]:
        w, b = theta[:k], theta[k]
        eta = np.maximum(H @ w + b, 1e-12)
        log_p = np.log(-np.expm1(-eta))  # log P(y = 1)
        dev = w - prior
        loss = -float(np.sum(s * (target * log_p - (1 - target) * eta))) + 0.5 * l2 * float(dev @ dev)
        d_eta = s * ((1 - target) - target / np.expm1(eta))
        return loss, np.append(H.T @ d_eta + l2 * dev, d_eta.sum())

    theta0 = start if start is not None else np.append(np.ones(k), 1e-3)
    bounds = [(0.0, None)] * k + [(1e-6, None)]
    res = minimize(objective, theta0, jac=True, method="L-BFGS-B", bounds=bounds, options={"maxiter": max_iter})
    info = {
        "samples": int(len(target)), "positives": positives, "balanced": balance, "l2": l2,
        "loss": float(res.fun), "converged": bool(res.success), "iterations": int(res.nit),
    }  # fmt: skip
    return np.maximum(res.x[:k], 0.0), float(max(res.x[k], 0.0)), info


@dataclass
class FusionModel:
    """Non-negative weights of the inputs (``INPUTS``), and the intercept used only by ``fit``'s likelihood.

    Attributes:
        weights: one weight >= 0 per input, every input named.
        intercept: the fitted base hazard (>= 0); not part of the index.
        fitted: what the last ``fit`` saw and reached (samples, positives, loss, convergence); empty for defaults.
    """

    weights: dict[str, float]
    intercept: float = 0.0
    fitted: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        unknown = sorted(set(self.weights) - set(INPUTS))
        missing = [k for k in INPUTS if k not in self.weights]
        if unknown or missing:
            raise ValidationFailed(
                f"融合权重须且只须覆盖全部输入 (weights must name every input, and only those): "
                f"未知 unknown {unknown}, 缺少 missing {missing}"
            )
        self.weights = {k: _check_weight(k, self.weights[k]) for k in INPUTS}
        self.intercept = _check_weight("intercept", self.intercept)

    @classmethod
    def default(cls) -> FusionModel:
        """Every weight 1: the index is the noisy-OR of the inputs."""
        return cls(dict.fromkeys(INPUTS, 1.0))

    @property
    def inputs(self) -> tuple[str, ...]:
        return INPUTS

    @property
    def w(self) -> np.ndarray:
        """The weights as a vector in ``INPUTS`` order."""
        return np.array([self.weights[k] for k in INPUTS], dtype=float)

    # -- scoring ----------------------------------------------------------------------------------------------
    def vector(self, signals: Mapping[str, float]) -> np.ndarray:
        """One input row from named signals (absent ones are 0); unknown names raise ``ValidationFailed``."""
        unknown = sorted(set(signals) - set(INPUTS))
        if unknown:
            raise ValidationFailed(f"未知的融合输入 (unknown fusion inputs): {unknown}; 可选: {', '.join(INPUTS)}")
        return np.array([float(signals.get(k, 0.0)) for k in INPUTS], dtype=float)

    def _matrix(self, X: ArrayLike) -> np.ndarray:
        m = np.atleast_2d(np.asarray(X, dtype=float))
        if m.ndim != 2 or m.shape[1] != len(INPUTS):
            raise ValidationFailed(
                f"融合输入须为 (n, {len(INPUTS)}) 矩阵，列序 {', '.join(INPUTS)} (inputs must have shape (n, "
                f"{len(INPUTS)})): got {np.shape(X)}"
            )
        return m

    def index(self, X: ArrayLike) -> np.ndarray:
        """The index of every row.

        Args:
            X: signals in [0, 1], columns in ``INPUTS`` order.

        Returns:
            The 0–100 index per row.

        Shapes:
            X: ``(n, 11)`` or ``(11,)``; returns ``(n,)`` (``(1,)`` for one row).
        """
        return 100.0 * -np.expm1(-(hazards(self._matrix(X)) @ self.w))

    def contributions(self, X: ArrayLike) -> np.ndarray:
        """Each input's share of each row's index, in index points; every row sums to that row's index.

        Shapes:
            X: ``(n, 11)``; returns ``(n, 11)``.
        """
        terms = hazards(self._matrix(X)) * self.w
        total = terms.sum(axis=1)
        index = 100.0 * -np.expm1(-total)
        scale = np.divide(index, total, out=np.zeros_like(total), where=total > 0)
        return terms * scale[:, None]

    def decompose(self, x_row: ArrayLike | Mapping[str, float]) -> dict[str, float]:
        """The contribution of every input to one party's index (index points, summing to its index)."""
        row = self.vector(x_row) if isinstance(x_row, Mapping) else np.asarray(x_row, dtype=float)
        return dict(zip(INPUTS, (float(c) for c in self.contributions(row)[0]), strict=True))

    # -- fitting ----------------------------------------------------------------------------------------------
    def fit(
        self,
        X: ArrayLike,
        y: ArrayLike,
        *,
        sample_weight: ArrayLike | None = None,
        balance: bool = True,
        l2: float = 1e-3,
        max_iter: int = 1000,
        prior: float = 0.0,
    ) -> FusionModel:
        """Fit the weights and intercept by penalised maximum likelihood; returns ``self``.

        Args:
            X: signals in [0, 1], columns in ``INPUTS`` order.
            y: 1 for a party known to be in a scheme, 0 otherwise.
            sample_weight: per-row weights (multiplied by the class balancing ones).
            balance: weight the classes so that each carries half the likelihood.
            l2: penalty ``l2/2 · ‖w‖²`` on the weights (not the intercept), against the mean log-likelihood.
            max_iter: iteration cap of L-BFGS-B.
            prior: the weights the penalty pulls towards (1: the noisy-OR, so every dimension keeps its say unless
                the data clearly says otherwise).

        Raises:
            ValidationFailed: bad shapes or values, or only one class present.

        Shapes:
            X: ``(n, 11)``; y and sample_weight: ``(n,)``.
        """
        w, b, info = fit_hazard_weights(
            hazards(self._matrix(X)), y, sample_weight=sample_weight, balance=balance, l2=l2, max_iter=max_iter,
            start=np.append(self.w, max(self.intercept, 1e-3)), prior=prior,
        )  # fmt: skip
        self.weights = {name: float(v) for name, v in zip(INPUTS, w, strict=True)}
        self.intercept = b
        self.fitted = info
        return self

    # -- persistence ------------------------------------------------------------------------------------------
    def to_dict(self) -> dict[str, Any]:
        """A JSON-able description (``from_dict`` reads it back)."""
        return {"format": FORMAT, "weights": dict(self.weights), "intercept": self.intercept, "fitted": self.fitted}

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, sort_keys=True)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> FusionModel:
        """The model ``to_dict`` described; ``ValidationFailed`` with a readable message otherwise."""
        if not isinstance(data, Mapping) or data.get("format", FORMAT) != FORMAT:
            raise ValidationFailed(f"不是融合模型描述 (not a fusion model; expected format {FORMAT})")
        weights = data.get("weights")
        if not isinstance(weights, Mapping):
            raise ValidationFailed("融合模型缺少 weights 对象 (fusion model needs a 'weights' object)")
        fitted = data.get("fitted") or {}
        return cls(dict(weights), data.get("intercept", 0.0), dict(fitted) if isinstance(fitted, Mapping) else {})

    @classmethod
    def load(cls, path: Path | str) -> FusionModel:
        """Read a model saved with ``save`` (JSON)."""
        file = Path(path)
        if not file.is_file():
            raise NotFound(f"找不到融合模型文件 {file} (fusion model file not found)")
        try:
            data = json.loads(file.read_text(encoding="utf-8"))
        except json.JSONDecodeError as e:
            raise ValidationFailed(f"融合模型文件 {file.name} 不是有效 JSON (invalid JSON): {e}") from e
        return cls.from_dict(data)

    def save(self, path: Path | str) -> None:
        Path(path).write_text(json.dumps(self.to_dict(), ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
