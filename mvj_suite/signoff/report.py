"""Sign-off for a release: the routine's verdict from scenario outcomes — the entry point.

Pure logic (no pytest), in modules with one job each; this module names them and
re-exports their public names, so ``from mvj_suite.signoff.report import …`` stays
the one way in:

- ``signoff_model``: the data model stored in ``signoff.json`` and the verdict rules
  (``judge``);
- ``signoff_render``: the Markdown and HTML reports, ``write_reports`` and the
  terminal's summary lines;
- ``signoff_compare``: the comparison with an earlier sign-off (``--compare-with``);
- ``signoff_decision``: the "Beslut" block (who decided what, when), filled from CI
  variables or left blank to be filled in by hand;
- ``signoff_shards``: CI shards as ranges in text;
- ``signoff_merge``: merging CI shards and the command line.

The pytest plugin ``mvj_suite.signoff.plugin`` feeds it; the command line merges shards:

    python -m tools.signoff merge reports/shard-*/signoff.json -o reports/
"""

from __future__ import annotations

import sys

from mvj_suite.signoff.compare import (
    COMPARISON_GROUPS,
    COMPARISON_HEADING,
    MAX_COMPARISON_NAMES,
    PREVIOUS_FIELDS,
    PreviousSignoffError,
    compare,
    comparison_summary,
    load_previous,
)
from mvj_suite.signoff.decision import (
    APPROVER_ENV,
    BLANK,
    DECISION_DATE_ENV,
    DECISION_ENV,
    DECISION_HEADING,
    DECISION_NOTE,
    DECISION_VARIABLES,
    Decision,
    ci_run_link,
    decision_from_env,
    merge_decisions,
)
from mvj_suite.signoff.merge import (
    condense_errors,
    main,
    merge,
    missing_shard_errors,
    missing_shards,
    rebase,
)
from mvj_suite.signoff.model import (
    ALLURE_REPORT_PAGE,
    APPROVED_TEXT,
    FAILED,
    FORMAT_VERSION,
    MAX_NAMES_IN_REASON,
    OUTCOME_TEXT,
    PASSED,
    REJECTED_TEXT,
    RELEASE_FIELDS,
    SECTION_DATA,
    SECTION_FAILED,
    SECTION_GAP,
    SECTION_OK,
    SECTION_POINTER_PREFIX,
    SKIPPED,
    UNKNOWN,
    Comparison,
    RunRecord,
    ScenarioRef,
    ScenarioResult,
    SectionVerdict,
    Verdict,
    allure_page,
    heading_pointer,
    judge,
)
from mvj_suite.signoff.render import (
    ALLURE_FIND_HINT,
    EXTRA_HEADING,
    EXTRA_NOTE,
    FLAKY_PLAIN,
    NOT_RUN_HEADING,
    OVERVIEW_COLUMNS,
    RAN_HEADING,
    STUB_ONLY_HEADING,
    extra_summary,
    render_html,
    render_markdown,
    summary_lines,
    write_reports,
)
from mvj_suite.signoff.shards import number_ranges, shard_ranges

__all__ = [
    "ALLURE_FIND_HINT",
    "ALLURE_REPORT_PAGE",
    "APPROVED_TEXT",
    "APPROVER_ENV",
    "BLANK",
    "COMPARISON_GROUPS",
    "COMPARISON_HEADING",
    "DECISION_DATE_ENV",
    "DECISION_ENV",
    "DECISION_HEADING",
    "DECISION_NOTE",
    "DECISION_VARIABLES",
    "EXTRA_HEADING",
    "EXTRA_NOTE",
    "FAILED",
    "FLAKY_PLAIN",
    "FORMAT_VERSION",
    "MAX_COMPARISON_NAMES",
    "MAX_NAMES_IN_REASON",
    "NOT_RUN_HEADING",
    "OUTCOME_TEXT",
    "OVERVIEW_COLUMNS",
    "PASSED",
    "PREVIOUS_FIELDS",
    "RAN_HEADING",
    "REJECTED_TEXT",
    "RELEASE_FIELDS",
    "SECTION_DATA",
    "SECTION_FAILED",
    "SECTION_GAP",
    "SECTION_OK",
    "SECTION_POINTER_PREFIX",
    "SKIPPED",
    "STUB_ONLY_HEADING",
    "UNKNOWN",
    "Comparison",
    "Decision",
    "PreviousSignoffError",
    "RunRecord",
    "ScenarioRef",
    "ScenarioResult",
    "SectionVerdict",
    "Verdict",
    "allure_page",
    "ci_run_link",
    "compare",
    "comparison_summary",
    "condense_errors",
    "decision_from_env",
    "extra_summary",
    "heading_pointer",
    "judge",
    "load_previous",
    "main",
    "merge",
    "merge_decisions",
    "missing_shard_errors",
    "missing_shards",
    "number_ranges",
    "rebase",
    "render_html",
    "render_markdown",
    "shard_ranges",
    "summary_lines",
    "write_reports",
]

if __name__ == "__main__":
    sys.exit(main())
