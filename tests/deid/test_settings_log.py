"""Settings that may name people or places never reach the event log."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

import realist
from realist.cli import app


def test_setting_a_gazetteer_logs_its_size_not_its_names(project: realist.Project) -> None:
    project.set_setting("deid_gazetteer", ["person: Kirra Wanganeen", "place: Tallygaroopna"])
    project.set_setting("deid_patterns", {"case_number": [r"WANGANEEN-\d{4}"]})
    project.set_setting("blind_coding", True)
    logged = [e for e in project.log(None) if e.action == "setting.set"]
    text = json.dumps([e.detail for e in logged])
    for word in ("Kirra", "Wanganeen", "WANGANEEN", "Tallygaroopna"):
        assert word not in text
    details = {e.detail["key"]: e.detail for e in logged}
    assert details["deid_gazetteer"]["entries"] == 2
    assert details["deid_patterns"]["entries"] == 1
    assert details["blind_coding"]["value"] is True
    assert project.settings()["deid_gazetteer"] == [
        "person: Kirra Wanganeen",
        "place: Tallygaroopna",
    ]


def test_the_command_line_setting_keeps_names_out_of_the_log(tmp_path: Path) -> None:
    path = tmp_path / "s.realist"
    realist.init_project(str(path), owner="ana").close()
    done = CliRunner().invoke(
        app,
        [
            "setting",
            str(path),
            "deid_gazetteer",
            '["agency: Wanganeen Family Care"]',
            "--coder",
            "ana",
        ],
    )
    assert done.exit_code == 0, done.output
    project = realist.open_project(str(path))
    assert "Wanganeen" not in json.dumps([e.detail for e in project.log(None)])
    project.close()
