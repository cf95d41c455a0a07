"""What a cloud transcription costs: the one home of the per-audio-minute prices.

OpenAI lists its transcription models per minute of audio ($0.006 whisper-1 and gpt-4o-transcribe,
$0.003 gpt-4o-mini-transcribe) and bills whisper-1 by the second, rounded up. Azure OpenAI bills the same
list prices for its deployment of a model: the deployment's model is `base_model` under
[providers.azure], else the deployment name itself when it is one of these. The offline engine is free.

    cost = price per minute × ceil(seconds) / 60
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from huntaze_cli.config.settings import Settings

TRANSCRIPTION_USD_PER_MINUTE = {"whisper-1": 0.006, "gpt-4o-transcribe": 0.006, "gpt-4o-mini-transcribe": 0.003}
DEFAULT_CLOUD_MODEL = "whisper-1"
# Azure's portal suggests this deployment name for whisper.
DEFAULT_AZURE_DEPLOYMENT = "whisper"
_DEPLOYMENT_ALIASES = {"whisper": "whisper-1"}


def price_per_minute(settings: Settings, provider: str, model: str) -> float | None:
    """USD per audio minute for the model (an Azure deployment: its base model); None when unknown."""
    if provider == "local":
        return 0.0
    name = model
    if provider == "azure":
        cfg = settings.file.providers.get("azure")
        name = (cfg.base_model if cfg is not None and cfg.base_model else None) or _DEPLOYMENT_ALIASES.get(model, model)
    return TRANSCRIPTION_USD_PER_MINUTE.get(name)


def cost_usd(per_minute: float, seconds: float) -> float:
    """The cost of `seconds` of audio, billed by the started second (formula in the module docstring)."""
    return round(per_minute * math.ceil(max(0.0, seconds) - 1e-9) / 60.0, 9)
