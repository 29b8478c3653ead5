"""bench.py judges a target by the median of each round's paired ratio: a slow spell of the
machine that both runs of a round share cancels out, where a ratio of medians keeps it."""

from __future__ import annotations

import importlib.util
import sys

import pytest

from conftest import ROOT

spec = importlib.util.spec_from_file_location("bench", ROOT / "benchmarks" / "bench.py")
assert spec is not None and spec.loader is not None
bench = importlib.util.module_from_spec(spec)
sys.modules["bench"] = bench  # its dataclasses look their module up
spec.loader.exec_module(bench)


def measure(cpus: tuple[float, ...], walls: tuple[float, ...] = ()) -> object:
    return bench.Measure(0.0, 0.0, 0.0, 0.0, walls or cpus, cpus)


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        # Each round's pair shares the machine's speed: 1.1 in every round.
        ((1.1, 2.2, 3.3), (1.0, 2.0, 3.0), 1.1),
        # The pairs say 0.5, 2.0 and 1.0; a ratio of medians would say 4.0 / 2.0.
        ((1.0, 4.0, 4.0), (2.0, 2.0, 4.0), 1.0),
        ((1.0,), (2.0,), 0.5),
    ],
)
def test_a_ratio_is_the_median_of_the_paired_ratios(
    a: tuple[float, ...], b: tuple[float, ...], expected: float
) -> None:
    assert bench.ratio(measure(a), measure(b)) == pytest.approx(expected)


def test_walls_are_paired_apart_from_cpus() -> None:
    a, b = measure((1.0, 1.0), walls=(3.0, 5.0)), measure((1.0, 1.0), walls=(1.0, 1.0))
    assert bench.ratio(a, b, "wall") == pytest.approx(4.0)
    assert bench.ratio(a, b) == pytest.approx(1.0)


def test_without_rounds_the_figures_are_compared() -> None:
    assert bench.ratio(bench.Measure(2.0, 3.0, 0, 0), bench.Measure(1.0, 1.5, 0, 0)) == 2.0


@pytest.mark.parametrize(
    ("a", "b", "added", "expected"),
    [
        ((1.1, 2.4, 3.3), (1.0, 2.0, 3.0), False, "; rounds 1.10 to 1.20"),
        ((1.1, 2.4, 3.3), (1.0, 2.0, 3.0), True, "; rounds +10.0% to +20.0%"),
        ((0.9, 1.0), (1.0, 1.0), True, "; rounds -10.0% to +0.0%"),
        ((1.0,), (2.0,), False, ""),  # one round: no spread to show
    ],
)
def test_the_spread_of_the_paired_ratios_is_shown_beside_their_median(
    a: tuple[float, ...], b: tuple[float, ...], added: bool, expected: str
) -> None:
    assert bench.spread(measure(a), measure(b), added=added) == expected


@pytest.mark.parametrize(
    ("paired", "expected", "how"),
    [
        # Pairs side by side decide; the share in turns is shown beside them.
        (
            [1.10, 1.20, 1.14],
            0.14,
            "CPU, --jobs 1, 3 pair(s) run side by side, each on a CPU of its own; "
            "rounds +10.0% to +20.0%; in turns +50.0%",
        ),
        # No pairs (one CPU): the rounds in turns decide.
        ([], 0.5, "CPU, in turns; rounds +50.0% to +50.0%"),
    ],
)
def test_a_share_comes_from_the_pairs_side_by_side_when_there_are_any(
    paired: list[float], expected: float, how: str
) -> None:
    in_turns = measure((1.5, 3.0)), measure((1.0, 2.0))
    assert bench.share(paired, *in_turns, "in turns") == (pytest.approx(expected), how)


@pytest.mark.parametrize(
    ("count", "ranks"),
    [
        # The ranks that published tables of the median's 95% bounds give.
        (6, (1, 6)),
        (10, (2, 9)),
        (20, (6, 15)),
        (30, (10, 21)),
        (40, (14, 27)),
    ],
)
def test_the_bounds_of_a_median_are_the_ranks_the_binomial_law_gives(
    count: int, ranks: tuple[int, int]
) -> None:
    values = [float(rank) for rank in range(count, 0, -1)]  # rank r holds r, in any order
    assert bench.median_interval(values) == ranks


@pytest.mark.parametrize("count", [0, 1, 5])
def test_too_few_values_bound_no_median(count: int) -> None:
    assert bench.median_interval([1.0] * count) is None


@pytest.mark.parametrize(
    ("paired", "note"),
    [
        # 20 pairs: the median's bounds are the 6th and the 15th.
        ([1.10 + 0.001 * i for i in range(20)], ""),  # bounds +10.5% to +11.4%: under 15%
        ([1.12 + 0.003 * i for i in range(20)], "; its bounds hold the target: not told apart at this noise"),
        ([1.16 + 0.001 * i for i in range(20)], ""),  # over it
        ([1.10, 1.20], ""),  # too few pairs to bound
    ],
)  # fmt: skip
def test_a_share_whose_bounds_hold_the_target_is_called_undecided(
    paired: list[float], note: str
) -> None:
    assert bench.undecided(paired, 1.15) == note


def test_a_share_of_enough_pairs_gives_its_median_bounds() -> None:
    paired = [1.0 + 0.01 * i for i in range(6)]
    in_turns = measure((1.5, 3.0)), measure((1.0, 2.0))
    _, how = bench.share(paired, *in_turns, "in turns")
    assert "; median +0.0% to +5.0% (95%); rounds +0.0% to +5.0%;" in how
