"""One complaint through the whole chain, on both real stores: the public submits it, it becomes a lead, the city
dispatches a task that a grid worker verifies, the regulator disposes (blacklist) and closes it, the reward is paid,
and the outcome becomes a label that rule evaluation and network-model training read."""

from __future__ import annotations

from typing import Any

from smokeindex.graph import NodeRef
from smokeindex.rules import RuleRunner
from smokeindex.rules.evaluate import Labels
from smokeindex.workflow.feedback import labels_csv, outcome_labels
from tests.api.conftest import E1
from tests.complaints.conftest import API, Api


def test_submit_lead_task_disposition_reward_label(api: Api) -> None:
    receipt = api.submit()["receipt_code"]
    cid = api.only_id()
    lead_id = api.client.get(f"{API}/complaints/{cid}", headers=api.h("admin")).json()["lead_id"]
    assert lead_id
    reg, grid = api.h("reg_hz"), api.h("grid_xh")
    assert api.client.post(f"{API}/complaints/{cid}/status", headers=reg, json={"to": "accepted"}).status_code == 200

    task = api.client.post(
        f"{API}/workflow/tasks",
        headers=reg,
        json={"lead_id": lead_id, "region_code": "330106", "title": "核查理财门店"},
    )
    assert task.status_code == 201, task.text
    tid = task.json()["task_id"]

    def move(headers: dict[str, str], action: str, **body: Any) -> Any:
        r = api.client.post(f"{API}/workflow/tasks/{tid}/transitions", headers=headers, json={"action": action, **body})
        assert r.status_code == 200, r.text
        return r.json()

    move(grid, "accept")
    move(grid, "start")
    move(grid, "report", finding="门店承诺保本保息，已收集宣传单", conclusion="confirmed")
    move(reg, "review")
    move(reg, "approve")
    disposed = api.client.post(
        f"{API}/workflow/leads/{lead_id}/dispositions",
        headers=reg,
        json={"kind": "blacklist", "authority": "杭州市地方金融管理局", "document_no": "杭金黑〔2024〕9号",
              "blacklist": {"reason": "承诺保本保息向社会公众吸收资金"}},
    )  # fmt: skip
    assert disposed.status_code == 201, disposed.text
    assert move(reg, "close")["state"] == "closed"

    rid = api.client.post(f"{API}/rewards", headers=reg, json={"complaint_id": cid, "proposed_amount": 2000}).json()[
        "reward_id"
    ]
    assert api.client.post(f"{API}/rewards/{rid}/verify", headers=reg, json={"note": "属实"}).status_code == 200
    assert (
        api.client.post(f"{API}/rewards/{rid}/approve", headers=api.h("admin"), json={"amount": 2000}).status_code
        == 200
    )
    assert api.client.post(f"{API}/rewards/{rid}/pay", headers=reg, json={"payment_ref": "ZF-9"}).status_code == 200
    assert api.client.get(f"{API}/complaints/public/{receipt}").json()["reward_status_zh"] == "已发放"

    # the outcome is a label, in the columns rule evaluation and `gnn --labels` read
    assert outcome_labels(api.store)[NodeRef("Enterprise", E1.key)] == 1
    path = api.settings.data_dir / "labels.csv"
    path.write_text(labels_csv(api.store), encoding="utf-8")
    labels = Labels.read(path)
    assert labels.label[E1.key] == 1
    # and the blacklist it produced is read by the rule pack
    hits = RuleRunner(api.store).run(write=False).hits
    assert any(h.rule_id == "CRE-006" and h.subject.key == E1.key for h in hits)
