"""A scenario's attempts folded into one JUnit testcase, the way Maven Surefire does it.

Pure code: the plugin turns each test report into a :class:`Report` and hands them over
in the order they arrived; :func:`fold` makes one :class:`Case` per test.

- passed at once: a plain testcase;
- failed on every attempt: ``<failure>`` (or ``<error>`` for a failure in the
  preparation or the closing of the scenario) for the first attempt and one
  ``<rerunFailure>``/``<rerunError>`` per rerun;
- passed only on a rerun: *flaky*, one ``<flakyFailure>``/``<flakyError>`` per failed
  attempt and no ``<failure>`` – the way Surefire and the consumers that read it
  (Jenkins, GitLab, the GitHub reporters) understand a flake. The suite still fails
  the run for it (mvj_suite.core.retries), like Surefire's ``failOnFlakeCount``;
- failed, then skipped on the rerun: a failure (the first attempt's), never a skip.
"""

from __future__ import annotations

from dataclasses import dataclass, field

FAILURE, ERROR = "failure", "error"
PASSED, FAILED, SKIPPED, FLAKY = "passed", "failed", "skipped", "flaky"
SKIPPED_ON_RERUN = "Hoppades över vid omkörningen – första försöket fallerade: "


@dataclass(frozen=True)
class Problem:
    """One failed phase of one attempt."""

    kind: str  # FAILURE (the scenario's steps) or ERROR (its preparation or closing)
    message: str  # one line, Swedish where the suite has the words
    type: str  # the exception's qualified name
    text: str  # the Swedish block and the technical detail


@dataclass(frozen=True)
class Report:
    """What a test report says, as far as JUnit needs it."""

    nodeid: str
    when: str  # setup, call, teardown
    outcome: str  # passed, failed, skipped, rerun
    duration: float
    problem: Problem | None = None  # for a failed or rerun report
    skip_reason: str = ""
    properties: tuple[tuple[str, str], ...] = ()


@dataclass
class Attempt:
    outcome: str = PASSED  # PASSED, FAILED or SKIPPED
    problems: list[Problem] = field(default_factory=list)
    skip_reason: str = ""
    duration: float = 0.0
    properties: tuple[tuple[str, str], ...] = ()


@dataclass
class Case:
    """One test (one scenario, one example row) and all its attempts."""

    nodeid: str
    name: str
    classname: str
    file: str = ""
    line: int = 0
    example: int = 0  # an outline's row: the routine's order within the scenario
    attempts: list[Attempt] = field(default_factory=list)

    @property
    def status(self) -> str:
        last = self.attempts[-1] if self.attempts else Attempt()
        failed_before = any(a.outcome == FAILED for a in self.attempts[:-1])
        if last.outcome == FAILED or (last.outcome == SKIPPED and failed_before):
            return FAILED
        if last.outcome == SKIPPED:
            return SKIPPED
        return FLAKY if failed_before else PASSED

    @property
    def primary(self) -> Problem | None:
        """The ``<failure>``/``<error>``: the first failed attempt's first problem."""
        if self.status != FAILED:
            return None
        first = next(a for a in self.attempts if a.outcome == FAILED)
        problem = first.problems[0]
        if self.attempts[-1].outcome == SKIPPED:
            return Problem(problem.kind, SKIPPED_ON_RERUN + problem.message, problem.type,
                           problem.text)
        return problem

    @property
    def reruns(self) -> list[Problem]:
        """``<rerunFailure>``: every failed attempt after the first, for a failed case."""
        if self.status != FAILED:
            return []
        failed = [a for a in self.attempts if a.outcome == FAILED]
        return [a.problems[0] for a in failed[1:]]

    @property
    def flakes(self) -> list[Problem]:
        """``<flakyFailure>``: every failed attempt before the passing one."""
        if self.status != FLAKY:
            return []
        return [a.problems[0] for a in self.attempts[:-1] if a.outcome == FAILED]

    @property
    def skip_reason(self) -> str:
        return self.attempts[-1].skip_reason if self.status == SKIPPED else ""

    @property
    def duration(self) -> float:
        """The last attempt's time: the run that decided (Surefire: the passing run)."""
        return self.attempts[-1].duration if self.attempts else 0.0

    @property
    def properties(self) -> tuple[tuple[str, str], ...]:
        return self.attempts[-1].properties if self.attempts else ()


def add(case: Case, report: Report) -> None:
    """Add one report to its case: a setup report starts a new attempt."""
    if report.when == "setup" or not case.attempts:
        case.attempts.append(Attempt())
    attempt = case.attempts[-1]
    attempt.duration += report.duration
    if report.properties:
        attempt.properties = report.properties
    if report.outcome in ("failed", "rerun"):
        attempt.outcome = FAILED
        if report.problem is not None:
            attempt.problems.append(report.problem)
        elif not attempt.problems:
            attempt.problems.append(Problem(ERROR, "okänt fel", "", ""))
    elif report.outcome == "skipped" and attempt.outcome != FAILED:
        attempt.outcome, attempt.skip_reason = SKIPPED, report.skip_reason


@dataclass(frozen=True)
class Counts:
    tests: int
    failures: int
    errors: int
    skipped: int
    flaky: int
    time: float


def counts(cases: list[Case]) -> Counts:
    """The numbers a ``<testsuite>`` states: exactly its testcases."""
    primaries = [case.primary for case in cases]
    return Counts(
        tests=len(cases),
        failures=sum(1 for p in primaries if p is not None and p.kind == FAILURE),
        errors=sum(1 for p in primaries if p is not None and p.kind == ERROR),
        skipped=sum(1 for case in cases if case.status == SKIPPED),
        flaky=sum(1 for case in cases if case.status == FLAKY),
        time=sum(case.duration for case in cases),
    )
