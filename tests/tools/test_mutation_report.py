"""scripts/mutation_report.py: the scores docs/mutation.md shows, and what it refuses to hide (a
missed target, a survivor nobody explained, mutants not run). On a made-up mutmut result, so no
mutation run is needed."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _report() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "mutation_report", ROOT / "scripts/mutation_report.py"
    )
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclass looks its module up there
    spec.loader.exec_module(module)
    return module


def _meta(root: Path, path: str, codes: dict[str, int | None]) -> None:
    meta = root / "mutants" / f"{path}.meta"
    meta.parent.mkdir(parents=True, exist_ok=True)
    meta.write_text(json.dumps({"exit_code_by_key": codes}))


@pytest.fixture
def report(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Any:
    module = _report()
    monkeypatch.setattr(module, "MUTANTS", tmp_path / "mutants")
    monkeypatch.setattr(module, "EQUIVALENTS", tmp_path / "equivalents.toml")
    monkeypatch.setattr(module, "OUTPUT", tmp_path / "mutation.md")
    monkeypatch.setattr(module, "diff_of", lambda name: f"-old {name}\n+new {name}")
    return module


def test_scores_count_equivalents_out_and_flag_what_is_left(report: Any, tmp_path: Path) -> None:
    # _redact: 19 killed (one by a timeout), 1 survivor explained -> 19/19 = 100%
    codes: dict[str, int | None] = {f"sendfrom._redact.x_f__mutmut_{i}": 1 for i in range(18)}
    codes["sendfrom._redact.x_f__mutmut_18"] = 36  # timeout: caught
    codes["sendfrom._redact.x_f__mutmut_19"] = 0  # survived, explained
    _meta(tmp_path, "src/sendfrom/_redact.py", codes)
    # config: 8 killed, 2 survivors unexplained, 1 not run -> 80% < 90%
    config: dict[str, int | None] = {f"sendfrom.config.x_g__mutmut_{i}": 1 for i in range(8)}
    config |= {"sendfrom.config.x_g__mutmut_8": 0, "sendfrom.config.x_g__mutmut_9": 5}
    config["sendfrom.config.x_g__mutmut_10"] = None
    _meta(tmp_path, "src/sendfrom/config.py", config)
    (tmp_path / "equivalents.toml").write_text(
        '[mutants."sendfrom._redact.x_f__mutmut_19"]\nreason = "cannot matter"\n'
        '[mutants."sendfrom.gone.x_h__mutmut_1"]\nreason = "old"\n'
        '[mutants."sendfrom.config.x_g__mutmut_10"]\nreason = "kept for the next full run"\n'
    )
    text, problems = report.render(report.load_modules(), report.reasons_from(report.EQUIVALENTS))
    assert "| secret handling | 20 | 19 | 1 | 0 | 100.0% | 95% | yes |" in text
    assert "| configuration | 10 | 8 | 0 | 1 | 80.0% | 90% | **no** |" in text
    assert "Equivalent: cannot matter" in text
    assert "-old sendfrom.config.x_g__mutmut_8" in text
    assert "`sendfrom.gone.x_h__mutmut_1` (no such mutant)" in text  # a reason no survivor used
    assert "**1 mutants were not run**" in text
    assert "x_g__mutmut_10`" not in text  # not run this time: its reason is kept, not flagged
    assert problems == [
        "src/sendfrom/config.py: 80.0% < 90%",
        "src/sendfrom/config.py: 1 mutants not run",
        "sendfrom.config.x_g__mutmut_8: survived, no reason in equivalents.toml",
        "sendfrom.config.x_g__mutmut_9: survived, no reason in equivalents.toml",
    ]


def test_a_full_run_says_so_and_claims_no_sample(report: Any, tmp_path: Path) -> None:
    codes: dict[str, int | None] = {f"sendfrom._redact.x_f__mutmut_{i}": 1 for i in range(3)}
    _meta(tmp_path, "src/sendfrom/_redact.py", codes)
    _meta(tmp_path, "src/sendfrom/config.py", {"sendfrom.config.x_g__mutmut_1": 1})
    text, problems = report.render(report.load_modules(), {})
    assert "**A full run**: all 4 mutants were run, none left out." in text
    assert "not run**" not in text
    assert "sample" not in text
    assert problems == []


def test_the_checked_in_reasons_parse_and_each_names_a_mutant() -> None:
    reasons = _report().reasons_from(ROOT / "docs" / "mutation-equivalents.toml")
    assert reasons
    for name, reason in reasons.items():
        assert name.startswith("sendfrom."), name
        assert "__mutmut_" in name, name
        assert len(reason.split()) >= 8, f"{name}: say why it cannot change what a user sees"
