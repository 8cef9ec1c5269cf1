"""WCAG 2.1 contrast ratio between two sRGB colours (SC 1.4.3), and the nearest colour that passes."""

from __future__ import annotations

import math


def _channel(value: int) -> float:
    c = value / 255
    return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4


def relative_luminance(colour: str) -> float:
    hex_digits = colour.lstrip("#")
    r, g, b = (int(hex_digits[i : i + 2], 16) for i in (0, 2, 4))
    return 0.2126 * _channel(r) + 0.7152 * _channel(g) + 0.0722 * _channel(b)


def contrast_ratio(foreground: str, background: str) -> float:
    lighter, darker = sorted((relative_luminance(foreground), relative_luminance(background)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


# --- the nearest colour that passes ----------------------------------------------------------------
# Colours are moved in OKLCH (Björn Ottosson's perceptual space): only the lightness changes, hue stays,
# chroma shrinks only where the colour would leave sRGB. The first lightness in each direction whose
# rounded colour reaches the ratio against every other colour is a candidate; the nearer one (ΔE in
# OKLab) is suggested.

_STEP = 0.0025


def nearest_passing(colour: str, others: list[str], minimum: float) -> str | None:
    """The colour nearest to ``colour`` (same hue) whose contrast with each of ``others`` is ≥ ``minimum``."""
    lightness, chroma, hue = _oklch(colour)
    candidates = [found for direction in (-1, 1) if (found := _first_passing(lightness, chroma, hue, direction,
                                                                             others, minimum))]
    if not candidates:
        return None
    origin = _oklab_of(colour)
    return min(candidates, key=lambda c: sum((a - b) ** 2 for a, b in zip(_oklab_of(c), origin, strict=True)))


def _first_passing(lightness: float, chroma: float, hue: float, direction: int, others: list[str],
                   minimum: float) -> str | None:
    steps = int(1 / _STEP) + 1
    for step in range(1, steps + 1):
        value = lightness + direction * step * _STEP
        if not 0 <= value <= 1:
            return None
        candidate = _hex(_in_gamut(min(max(value, 0.0), 1.0), chroma, hue))
        if all(contrast_ratio(candidate, other) >= minimum for other in others):
            return candidate
    return None


def _in_gamut(lightness: float, chroma: float, hue: float) -> tuple[float, float, float]:
    """The sRGB colour of (L, C, h), with chroma reduced until it fits."""
    low, high = 0.0, chroma
    rgb = _srgb(lightness, chroma, hue)
    if _fits(rgb):
        return rgb
    for _ in range(24):
        middle = (low + high) / 2
        if _fits(_srgb(lightness, middle, hue)):
            low = middle
        else:
            high = middle
    return _srgb(lightness, low, hue)


def _fits(rgb: tuple[float, float, float]) -> bool:
    return all(-1e-6 <= channel <= 1 + 1e-6 for channel in rgb)


def _oklab_of(colour: str) -> tuple[float, float, float]:
    hex_digits = colour.lstrip("#")
    r, g, b = (_linear(int(hex_digits[i : i + 2], 16) / 255) for i in (0, 2, 4))
    l_, m, s = (
        (0.4122214708 * r + 0.5363325363 * g + 0.0514459929 * b) ** (1 / 3),
        (0.2119034982 * r + 0.6806995451 * g + 0.1073969566 * b) ** (1 / 3),
        (0.0883024619 * r + 0.2817188376 * g + 0.6299787005 * b) ** (1 / 3),
    )
    return (
        0.2104542553 * l_ + 0.7936177850 * m - 0.0040720468 * s,
        1.9779984951 * l_ - 2.4285922050 * m + 0.4505937099 * s,
        0.0259040371 * l_ + 0.7827717662 * m - 0.8086757660 * s,
    )


def _oklch(colour: str) -> tuple[float, float, float]:
    lightness, a, b = _oklab_of(colour)
    return lightness, math.hypot(a, b), math.atan2(b, a)


def _srgb(lightness: float, chroma: float, hue: float) -> tuple[float, float, float]:
    a, b = chroma * math.cos(hue), chroma * math.sin(hue)
    l_ = (lightness + 0.3963377774 * a + 0.2158037573 * b) ** 3
    m = (lightness - 0.1055613458 * a - 0.0638541728 * b) ** 3
    s = (lightness - 0.0894841775 * a - 1.2914855480 * b) ** 3
    return (
        _gamma(4.0767416621 * l_ - 3.3077115913 * m + 0.2309699292 * s),
        _gamma(-1.2684380046 * l_ + 2.6097574011 * m - 0.3413193965 * s),
        _gamma(-0.0041960863 * l_ - 0.7034186147 * m + 1.7076147010 * s),
    )


def _linear(channel: float) -> float:
    return channel / 12.92 if channel <= 0.04045 else ((channel + 0.055) / 1.055) ** 2.4


def _gamma(channel: float) -> float:
    if channel <= 0.0031308:
        return 12.92 * channel
    return 1.055 * channel ** (1 / 2.4) - 0.055


def _hex(rgb: tuple[float, float, float]) -> str:
    return "#" + "".join(f"{round(min(max(channel, 0.0), 1.0) * 255):02x}" for channel in rgb)
