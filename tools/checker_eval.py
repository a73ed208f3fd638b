"""How often each statement checker agrees with an expert, measured on the labelled evaluation set.

The set is in ``tests/data/checker_eval/``: one YAML file per part, each with a ``kind`` (the statement
type, as in ``jtbd_kit.rules.KINDS``) and its ``statements``. Every statement has a ``domain`` (travel,
hiring, healthcare, ...), an ``expect`` (``pass``, or the rule code an expert would name, or a short
list of codes any of which is the right diagnosis) and the ``reason`` for that label, written for a
learner. The labels were written without running the checkers.

A checker *agrees* with a label when

- the label is ``pass`` and the checker finds no problem (it may add a note that it is unsure), or
- the label names codes and the checker fails the statement with at least one of them.

A checker that is *unsure* (it passes the statement with a note asking the learner to check) agrees
with a ``pass`` label and disagrees with a fault: unsure is never counted as a catch.

    .venv/bin/python tools/checker_eval.py            # agreement per checker and per rule (Markdown)
    .venv/bin/python tools/checker_eval.py --misses   # and every statement the checkers get wrong
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DATA = REPO / "tests" / "data" / "checker_eval"
TARGET = 0.97


@dataclass(frozen=True)
class Case:
    """One labelled statement of the evaluation set."""

    kind: str
    text: str
    domain: str
    expect: tuple[str, ...]  # () for a statement the expert passes
    reason: str
    source: str  # file name and position, to find the case again

    @property
    def label(self) -> str:
        return "pass" if not self.expect else " or ".join(self.expect)


@dataclass(frozen=True)
class Verdict:
    """What the checker said about one case."""

    case: Case
    codes: tuple[str, ...]
    unsure: bool

    @property
    def agrees(self) -> bool:
        if not self.case.expect:
            return not self.codes
        return any(code in self.codes for code in self.case.expect)

    @property
    def said(self) -> str:
        if self.codes:
            return ", ".join(self.codes)
        return "pass (unsure)" if self.unsure else "pass"


def checkers() -> dict:
    """The checker of each statement type, by the type's name."""
    from jtbd_kit import check_emotional_job, check_job_action, check_job_story, check_outcome, check_social_job
    from jtbd_kit.rules import EMOTIONAL, JOB_ACTION, JOB_STORY, OUTCOME, SOCIAL

    return {JOB_ACTION: check_job_action, OUTCOME: check_outcome, EMOTIONAL: check_emotional_job,
            SOCIAL: check_social_job, JOB_STORY: check_job_story}


def load_cases(folder: Path = DATA) -> list[Case]:
    """Every labelled statement in ``folder``, in file order."""
    import yaml

    cases = []
    for path in sorted(folder.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for number, item in enumerate(data["statements"], start=1):
            expect = item["expect"]
            expect = () if expect == "pass" else tuple([expect] if isinstance(expect, str) else expect)
            cases.append(Case(data["kind"], item["text"], item["domain"], expect, item["reason"],
                              f"{path.name} #{number}"))
    return cases


def judge(cases: list[Case]) -> list[Verdict]:
    """Run each case through the checker of its type."""
    check = checkers()
    verdicts = []
    for case in cases:
        result = check[case.kind](case.text)
        verdicts.append(Verdict(case, tuple(result.codes), bool(getattr(result, "notes", ()))))
    return verdicts


def by_checker(verdicts: list[Verdict]) -> dict[str, dict[str, float]]:
    """Per statement type: statements, agreements, the rate, and how often the checker was unsure."""
    table: dict[str, dict[str, float]] = {}
    for kind in dict.fromkeys(v.case.kind for v in verdicts):
        mine = [v for v in verdicts if v.case.kind == kind]
        agree = sum(v.agrees for v in mine)
        table[kind] = {"statements": len(mine), "agree": agree, "rate": agree / len(mine),
                       "unsure": sum(v.unsure and not v.codes for v in mine),
                       "domains": len({v.case.domain for v in mine})}
    return table


def by_rule(verdicts: list[Verdict]) -> dict[tuple[str, str], dict[str, int]]:
    """Per (type, rule): how many statements the expert faults for it, how many of those the checker
    catches with it, and how often the checker reports it on a statement the expert passes."""
    table: dict[tuple[str, str], dict[str, int]] = defaultdict(lambda: {"labelled": 0, "caught": 0, "false": 0})
    for v in verdicts:
        kind = v.case.kind
        for code in v.case.expect[:1]:  # the first code is the main diagnosis
            row = table[(kind, code)]
            row["labelled"] += 1
            row["caught"] += any(c in v.codes for c in v.case.expect)
        if not v.case.expect:
            for code in v.codes:
                table[(kind, code)]["false"] += 1
    return dict(table)


def report(verdicts: list[Verdict], misses: bool = False) -> str:
    lines = ["| checker | statements | domains | agree | agreement | unsure | target |",
             "| --- | ---: | ---: | ---: | ---: | ---: | --- |"]
    for kind, row in by_checker(verdicts).items():
        ok = "yes" if row["rate"] >= TARGET else "NO"
        lines.append(f"| {kind} | {row['statements']} | {row['domains']} | {row['agree']} | {row['rate']:.1%} | "
                     f"{row['unsure']} | >= {TARGET:.0%}: {ok} |")
    lines += ["", "| checker | rule | faulted by the expert | caught | reported on a good statement |",
              "| --- | --- | ---: | ---: | ---: |"]
    for (kind, code), row in sorted(by_rule(verdicts).items()):
        lines.append(f"| {kind} | `{code}` | {row['labelled']} | {row['caught']} | {row['false']} |")
    if misses:
        lines += ["", "Disagreements:", ""]
        for v in verdicts:
            if not v.agrees:
                lines.append(f"- {v.case.source} [{v.case.kind}] {v.case.text!r}: expert {v.case.label}, "
                             f"checker {v.said}")
    return "\n".join(lines)


def domains(cases: list[Case]) -> Counter:
    return Counter(case.domain for case in cases)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--misses", action="store_true", help="list every statement the checkers get wrong")
    args = parser.parse_args(argv)
    verdicts = judge(load_cases())
    print(report(verdicts, misses=args.misses))
    return 0 if all(row["rate"] >= TARGET for row in by_checker(verdicts).values()) else 1


if __name__ == "__main__":
    sys.exit(main())
