"""The commands other than ``check``: clean, rules, rule, server and init."""

from __future__ import annotations

import argparse
from pathlib import Path

from filmlint.cli.exits import EXIT_CLEAN, EXIT_ERROR, UsageError
from filmlint.cli.streams import reader_may_leave, say, stdout_for
from filmlint.engine.cache_cleaning import Cleaned, clean, clean_url_cache, url_cache_paths
from filmlint.engine.parallel import default_jobs
from filmlint.engine.project import Project
from filmlint.engine.settings import load_config, nearest_rule_hint
from filmlint.reporters import Report, summary_line
from filmlint.reporters.display import json_text
from filmlint.rules import load_registry

#: What ``filmlint server`` needs beyond the command-line tool, and how to install it.
SERVER_PACKAGES = frozenset({"pygls", "lsprotocol"})
SERVER_INSTALL = "pip install 'filmlint[server]'"


def run_clean(args: argparse.Namespace) -> int:
    config = load_config(args.config)
    folder = config.cache_folder
    _say_cleaned(clean(folder, urls=args.all))
    if args.all:  # the URL cache too, wherever the configuration puts it
        for path in url_cache_paths(config):
            if path.parent.resolve() != folder.resolve():  # else cleaned with it already
                _say_cleaned(clean_url_cache(path))
    return EXIT_CLEAN


def _say_cleaned(cleaned: Cleaned | None) -> None:
    """What ``clean`` or ``clean_url_cache`` removed, and what it kept."""
    if cleaned is None:
        return
    folder = cleaned.folder
    if folder is None:  # a URL cache's files alone, in a folder that is not filmlint's
        for path in cleaned.removed:
            say(f"removed {path}", to_stdout=True)
        for path in cleaned.kept:
            say(f"kept {path}: it is not a URL cache filmlint wrote", to_stdout=True)
    elif not cleaned.kept:
        say(f"removed {folder}", to_stdout=True)
    else:
        kept = ", ".join(path.name for path in cleaned.kept)
        say(
            f"removed filmlint's files from {folder}; kept the folder, which holds: {kept}",
            to_stdout=True,
        )
        if cleaned.kept_urls:
            say("kept the URL cache; 'filmlint clean --all' removes it too", to_stdout=True)


def run_rules(args: argparse.Namespace) -> int:
    registry = load_registry()
    if args.output_format == "json":
        rows = [
            {
                "name": rule.name,
                "code": rule.code,
                "severity": rule.severity.value,
                "summary": rule.summary,
                "origin": rule.origin,
                "options": {
                    name: {"default": option.default, "help": option.help}
                    for name, option in rule.options.items()
                },
            }
            for rule in registry
        ]
        stdout_for("json").write(json_text(rows, indent=2) + "\n")
        return EXIT_CLEAN
    width = max(len(rule.name) for rule in registry)
    for rule in registry:
        origin = "" if rule.origin == "filmlint" else f"  ({rule.origin})"
        say(
            f"{rule.code}  {rule.name:<{width}}  {rule.severity.value:<7}  {rule.summary}{origin}",
            to_stdout=True,
        )
    return EXIT_CLEAN


def run_rule(args: argparse.Namespace) -> int:
    registry = load_registry()
    rule = registry.get(args.name)
    if rule is None:
        say(
            f"filmlint: error: no rule is named or coded {args.name!r} (see 'filmlint rules')"
            + nearest_rule_hint(registry, args.name)
        )
        return EXIT_ERROR
    from filmlint.reporters.rule_pages import rule_page  # for this command only

    stdout = stdout_for("concise")
    with reader_may_leave(stdout):
        stdout.write(rule_page(registry, rule.name))
    return EXIT_CLEAN


def run_server(args: argparse.Namespace) -> int:
    try:
        from filmlint.server import serve  # pygls: an extra, so imported only here
    except ModuleNotFoundError as error:
        missing = (error.name or "").partition(".")[0]
        if missing not in SERVER_PACKAGES:
            raise
        say(f"filmlint: error: the language server needs {missing}: {SERVER_INSTALL}")
        return EXIT_ERROR
    return serve()


def run_init(args: argparse.Namespace) -> int:
    """Infer a configuration from the site in FOLDER, write it, say what was inferred, and
    check the site with it."""
    from filmlint.engine.init_writer import InitError, plan_init, write_init
    from filmlint.engine.site_survey import survey_site
    from filmlint.reporters.init_summary import describe_survey

    folder: Path = args.folder
    if not folder.is_dir():
        raise UsageError(f"{folder} is not a folder")
    survey = survey_site(folder)
    try:
        plan = plan_init(survey, force=args.force)
        write_init(plan)
    except (InitError, OSError) as error:
        say(f"filmlint: error: {error}")
        return EXIT_ERROR
    stdout = stdout_for("concise")
    stdout.write(describe_survey(survey, plan))
    # As 'filmlint check' will: each file with its nearest configuration (a nested one too).
    run = Project().lint([folder], jobs=default_jobs())
    report = Report(run.diagnostics, run.files, configured=True)
    stdout.write(f"then 'filmlint check' reports: {summary_line(report)}\n")
    if run.diagnostics:
        from filmlint.reporters import statistics

        statistics.write(report, stdout)
    return EXIT_CLEAN
