"""Membership jobs from Python against the mock with WhatsApp's limits on: the shared 1,500-member
scenario (tests/fixtures/jobs/bulk-add.json), asyncio with cancel and resume, progress callbacks,
and the errors that stop a job before anything is sent."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path
from typing import Any, Dict, List, Set, Tuple

import pytest

import waha_groups as w
from waha_groups.testing import MockWaha

from conftest import FIXTURES

SCENARIO: Dict[str, Any] = json.loads((FIXTURES / "jobs" / "bulk-add.json").read_text())


def start(limits: bool = True) -> Tuple[MockWaha, str]:
    """A mock set up as the scenario says, and its group."""
    mock = MockWaha(SCENARIO["engine"], limits=SCENARIO["limits"] if limits else None).start()
    for phone in SCENARIO["refuses_direct_adds"]:
        mock.set_refuses_direct_adds(phone)
    group = w.Client(mock.url, max_retries=0).groups("default").create("Bulk", SCENARIO["existing"])
    return mock, group.id


def job_options() -> Dict[str, Any]:
    job = SCENARIO["job"]
    return {
        "batch_size": job["batch_size"],
        "rate_per_minute": job["rate_per_minute"],
        "backoff_base": job["backoff_base_ms"] / 1000,
    }


def check_report(report: w.JobReport) -> List[str]:
    expect = SCENARIO["expect"]
    failures = [
        f"#{e.index} {e.requested}: {e.status}, want {want}"
        for e, want in zip(report.entries, expect["statuses"])
        if e.status != want
    ]
    failures += [
        f"#{e.index}: duplicate_of {e.duplicate_of}, want {want}"
        for e, want in zip(report.entries, expect["duplicate_of"])
        if e.duplicate_of != want
    ]
    if len(report.entries) != len(expect["statuses"]):
        failures.append(f"{len(report.entries)} entries")
    if report.totals != expect["totals"]:
        failures.append(f"totals {report.totals}, want {expect['totals']}")
    return failures


def final_members(mock: MockWaha, group: str) -> Set[str]:
    members = w.Client(mock.url).groups("default").participants(group)
    return {p.pn or p.id for p in members}


def sent_after_outcome(mock: MockWaha) -> List[str]:
    """Members a request carried again although an earlier request carrying them was answered."""
    answered: Set[str] = set()
    twice = []
    for entry in mock.journal(operation="add_participants"):
        for p in (entry.get("body") or {}).get("participants", []):
            if p["id"] in answered:
                twice.append(p["id"])
            if entry["status"] == 200:
                answered.add(p["id"])
    return twice


class Bar:
    """What a tqdm bar does with progress: total, n, refresh."""

    def __init__(self) -> None:
        self.total = 0
        self.n = 0
        self.refreshes = 0
        self.errors: List[str] = []

    def __call__(self, p: w.JobProgress) -> None:
        self.total, self.n = p.total, p.done
        if p.last_error:
            self.errors.append(p.last_error)
        self.refreshes += 1


def test_the_bulk_add_scenario_ends_exactly_as_planned() -> None:
    mock, group = start()
    with mock:
        bar = Bar()
        groups = w.Client(mock.url, max_retries=0).groups("default")
        report = groups.change_members("add", group, SCENARIO["input"], progress=bar, **job_options())
        assert check_report(report) == []
        assert final_members(mock, group) == set(SCENARIO["expect"]["final_members"])
        assert sent_after_outcome(mock) == []
        assert report.rate_limited >= 1 and "rate_limited" in bar.errors
        assert (bar.n, bar.total) == (1500, 1500) and bar.refreshes > 10
        assert not report.complete and len(report) == 1500
        invited = report.invitations()
        assert len(invited) == report.totals["invited"] and all(m.invite_code for m in invited)
        assert {m.status for m in report.failed()} == {"invited", "invalid", "group_full"}
        as_dict = report.to_dict()
        assert as_dict["entries"][0]["status"] == report.entries[0].status
        assert len(report.to_csv().splitlines()) == 1501
        assert json.loads(report.to_json())["totals"] == report.totals


def test_answers_dropped_after_the_write_are_not_sent_again() -> None:
    mock, group = start(limits=False)
    with mock:
        mock.add_fault(operation="add_participants", kind="drop-answer", probability=0.3, seed=5)
        groups = w.Client(mock.url, max_retries=0).groups("default")
        report = groups.change_members("add", group, SCENARIO["input"], **job_options())
        assert any(e["status"] == 0 for e in mock.journal(operation="add_participants"))
        assert check_report(report) == []
        assert sent_after_outcome(mock) == []


@pytest.mark.asyncio
async def test_asyncio_cancel_and_resume_from_the_state_file(tmp_path: Path) -> None:
    with MockWaha("GOWS") as mock:
        groups = w.AsyncClient(mock.url).groups("default")
        g = await groups.create("Resume")
        members = [f"4930000{n:05d}" for n in range(60)]
        state = tmp_path / "run.jsonl"
        token = w.CancelToken()

        def stop_early(p: w.JobProgress) -> None:
            if p.done >= 20:
                token.cancel()

        first = await groups.change_members(
            "add", g.id, members, batch_size=5, rate_per_minute=600000, state_file=state, progress=stop_early, cancel=token
        )
        assert first.cancelled and token.cancelled and first.totals.get("pending", 0) > 0
        second = await groups.change_members("add", g.id, members, batch_size=5, rate_per_minute=600000, state_file=str(state))
        assert second.complete and second.totals == {"added": 60}
        assert sent_after_outcome(mock) == []
        # The same file for another action is refused before anything is sent.
        with pytest.raises(w.StateFileError, match="action add, this job is for remove"):
            await groups.change_members("remove", g.id, members, state_file=state)
        # Promote and demote report per member, not_member for strangers.
        promoted = await groups.change_members("promote", g.id, [members[0], "4999"], rate_per_minute=600000)
        assert [e.status for e in promoted.entries] == ["promoted", "not_member"]


def test_a_raising_progress_callback_stops_the_job_and_its_exception_comes_back() -> None:
    with MockWaha("NOWEB") as mock:
        groups = w.Client(mock.url).groups("default")
        g = groups.create("Raise")

        def boom(p: w.JobProgress) -> None:
            if p.requests >= 1:
                raise KeyError("stop here")

        with pytest.raises(KeyError, match="stop here"):
            groups.change_members("add", g.id, [f"49400{n:05d}" for n in range(30)], batch_size=5, rate_per_minute=600000, progress=boom)
        assert 5 <= len(groups.participants(g.id)) - 1 < 30, "stopped after its batch"


def test_dry_runs_csv_input_and_bad_arguments(tmp_path: Path) -> None:
    with MockWaha("WEBJS") as mock:
        groups = w.Client(mock.url).groups("default")
        g = groups.create("Plan", ["491510000001"])
        csv = tmp_path / "members.csv"
        csv.write_text("name,phone\nAda,+49 151 0000001\nBob,491510000002\nEve,not a number\n")
        plan = groups.change_members("add", g.id, from_csv=str(csv), dry_run=True)
        assert plan.dry_run and [e.status for e in plan.entries] == ["invalid", "pending", "invalid"]
        plan = groups.change_members("add", g.id, ["491510000001", {"id": "491510000002@c.us"}], dry_run=True)
        assert [e.status for e in plan.entries] == ["already", "pending"]
        assert mock.journal(operation="add_participants") == []
        for kwargs, error, needle in [
            ({"action": "kick"}, w.InvalidArgumentError, "add, remove, promote, demote"),
            ({"batch_size": 0}, w.InvalidArgumentError, "batch_size"),
            ({"rate_per_minute": "fast"}, w.InvalidArgumentError, "rate_per_minute"),
            ({"progress": 3}, w.InvalidArgumentError, "callable"),
            ({"cancel": "no"}, w.InvalidArgumentError, "CancelToken"),
            ({"from_csv": str(tmp_path / "missing.csv")}, w.InvalidArgumentError, "cannot read"),
        ]:
            args: Dict[str, Any] = {"action": "add", **kwargs}
            with pytest.raises(error, match=needle):
                groups.change_members(args.pop("action"), g.id, ["491510000003"], **args)
        with pytest.raises(w.GroupNotFoundError):
            groups.change_members("add", "120363000000000000@g.us", ["491510000003"])


def test_the_mocks_limits_from_python() -> None:
    with MockWaha("NOWEB", limits={"group_size_cap": 3}) as mock:
        assert mock.limits == {"group_size_cap": 3, "member_rate": None}
        groups = w.Client(mock.url, max_retries=0).groups("default")
        g = groups.create("Capped", ["491510000001"])
        outcomes = groups.add_participants(g.id, ["491510000002", "491510000003"])
        assert [o.code for o in outcomes] == [200, 419]
        mock.set_limits(per_minute=60, burst=1)
        assert mock.limits == {"group_size_cap": None, "member_rate": {"per_minute": 60.0, "burst": 1}}
        groups.remove_participants(g.id, ["491510000002"])
        with pytest.raises(w.RateLimitError):
            groups.remove_participants(g.id, ["491510000001"])
        with pytest.raises(w.InvalidArgumentError, match="burst"):
            mock.set_limits(per_minute=60, burst=0)
        mock.set_limits()
        assert mock.limits == {"group_size_cap": None, "member_rate": None}
