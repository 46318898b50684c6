"""What the simulation reads from disk: the gazetteer places and the force's policies.

The places are the gazetteer rows of `data/seed.sql` (name, NPU, latitude, longitude), read as
text, so a simulation needs no database at all; the policies are the same files the live
system loads (`WMP_POLICY_DIR` or the shipped ones).
"""

from __future__ import annotations

import re
from pathlib import Path

from wmp_tui.domain.simulation.calls import grade_templates
from wmp_tui.domain.simulation.force import Place
from wmp_tui.domain.simulation.study import Inputs
from wmp_tui.domain.vocabulary import Npu
from wmp_tui.files.policies import load_policies
from wmp_tui.files.resources import data_dir

_LOCATION = re.compile(
    r"\(\d+, '(?:[^']|'')*', '(?:[^']|'')*', '\w+', '(\w\w)', (-?[\d.]+), (-?[\d.]+), "
    r"(?:TRUE|FALSE)\)"
)


def gazetteer_places(seed: Path | None = None) -> list[Place]:
    """Every gazetteer place of the seed file, with its NPU and position."""
    text = (seed or data_dir() / "seed.sql").read_text(encoding="utf-8")
    start = text.find("INSERT INTO location")
    places = [
        Place(Npu(npu), float(lat), float(lon))
        for npu, lat, lon in _LOCATION.findall(text, start if start >= 0 else 0)
    ]
    if not places:
        raise ValueError("the seed file has no gazetteer places to put incidents on")
    return places


def simulation_inputs(policy_dir: Path | None = None) -> Inputs:
    """The templates graded by the force's grading policy, its dispatch policy, the places."""
    policies = load_policies(policy_dir)
    return Inputs(grade_templates(policies.grading), policies.dispatch, gazetteer_places())
