"""`roundtable plan check PLAN.yaml [--json] [--needs FILE]`: a plan's voice budget and findings.

Exit status: 0 when there is no error-level finding, 1 when there is one, 2 when the file
cannot be read as a plan (each problem printed with its line and column).
"""

import json
import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from roundtable.domain.planning.formats import format_library
from roundtable.domain.planning.located_yaml import LocatedError
from roundtable.domain.planning.plan import plan_parse
from roundtable.domain.planning.rules import PlanContext, PlanReport, plan_check
from roundtable.domain.planning.taxonomy import purposes

EXIT_FINDINGS_ERROR = 1
EXIT_UNREADABLE = 2
_MARK = {"error": "✖ error", "warning": "▲ warning", "info": "· info"}


class Command(BaseCommand):
    help = "Work with activity plan files."

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True, metavar="{check}")
        check = actions.add_parser(
            "check", help="Print a plan's voice budget and the alignment findings."
        )
        check.add_argument("path", metavar="PLAN.yaml", help="The plan file (docs/planning.md).")
        check.add_argument("--json", action="store_true", help="Print one JSON object.")
        check.add_argument(
            "--needs",
            metavar="FILE",
            help="The target segment's open needs, one per line, to check the purpose against "
            "them (without it, the segment is left to the web UI).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["path"])
        try:
            text = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            raise CommandError(f"There is no file at {path}.", returncode=2) from None
        except (OSError, UnicodeDecodeError) as error:
            raise CommandError(f"{path} cannot be read: {error}", returncode=2) from None
        try:
            plan = plan_parse(text, known_formats=frozenset(format_library()))
        except LocatedError as error:
            count = len(error.problems)
            lines = [f"{path}, {problem}" for problem in error.problems]
            raise CommandError(
                f"{path} cannot be read as a plan ({count} problem{'s' * (count != 1)}):\n"
                + "\n".join(lines),
                returncode=EXIT_UNREADABLE,
            ) from None
        report = plan_check(plan, PlanContext(segment_needs=_needs(options["needs"])))
        if options["json"]:
            self.stdout.write(json.dumps(report.as_dict(), ensure_ascii=False, indent=2))
        else:
            self.stdout.write(_human(plan.title, plan.purpose.deeper, report))
        if report.has_errors:
            sys.exit(EXIT_FINDINGS_ERROR)


def _needs(path: str | None) -> list[str] | None:
    if path is None:
        return None
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as error:
        raise CommandError(f"The needs file {path} cannot be read: {error}", returncode=2) from None
    return [line.strip() for line in lines if line.strip()]


def _human(title: str, purpose_id: str, report: PlanReport) -> str:
    voice = report.voice
    lines = [
        f"{title} — {purposes()[purpose_id].name.lower()}",
        "",
        "Voice budget",
        f"  spoken reach            {voice.spoken_reach:6.0%}  of participants get a real turn",
        f"  speaking time           {voice.speaking_minutes_per_participant:6.1f}  minutes "
        "per participant",
        f"  interactive time        {voice.interactive_share:6.0%}  of the agenda",
        f"  tool reach              {voice.tool_reach:6.0%}  can voice by Q&A or poll",
        "",
    ]
    if not report.findings:
        lines.append("No findings: the design fits the purpose.")
    for finding in report.findings:
        lines += [
            f"{_MARK[finding.severity]} [{finding.rule}] {finding.message}",
            f"    → {finding.suggestion}",
        ]
    counts = {s: sum(f.severity == s for f in report.findings) for s in ("error", "warning")}
    lines += ["", f"{counts['error']} error(s), {counts['warning']} warning(s)."]
    return "\n".join(lines)
