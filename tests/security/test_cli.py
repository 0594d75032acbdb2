from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from smokeindex.config import get_settings
from smokeindex.security.audit import AuditLog
from smokeindex.security.cli import audit_app, users_app
from smokeindex.security.users import UserStore

runner = CliRunner()


@pytest.fixture
def security(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    monkeypatch.setenv("SMOKEINDEX_DATA_DIR", str(tmp_path))
    monkeypatch.delenv("SMOKEINDEX_SECURITY_DIR", raising=False)
    monkeypatch.setenv("COLUMNS", "200")
    get_settings.cache_clear()
    yield tmp_path / "security"
    get_settings.cache_clear()


def test_user_lifecycle(security: Path) -> None:
    result = runner.invoke(users_app, ["add", "wang.li", "--role", "police", "--region", "330102", "--name", "王力"])
    assert result.exit_code == 0, result.output
    assert "公安经侦" in result.output and "初始密码" in result.output
    password = result.output.split("(initial password, shown once): ")[1].split()[0]
    store = UserStore(security)
    assert store.authenticate_password("wang.li", password).region_code == "330102"

    result = runner.invoke(
        users_app, ["add", "zhao", "--role", "regulator", "--password-stdin"], input="a long password\n"
    )
    assert result.exit_code == 0 and "初始密码" not in result.output
    assert store.authenticate_password("zhao", "a long password").username == "zhao"

    result = runner.invoke(users_app, ["list"])
    assert result.exit_code == 0 and "wang.li" in result.output and "王力" in result.output and "全国" in result.output

    assert runner.invoke(users_app, ["disable", "zhao"]).exit_code == 0
    assert store.get("zhao").disabled
    assert "已停用" in runner.invoke(users_app, ["list"]).output
    assert runner.invoke(users_app, ["enable", "zhao"]).exit_code == 0
    assert not store.get("zhao").disabled

    result = runner.invoke(users_app, ["passwd", "zhao", "--password-stdin"], input="another long one\n")
    assert result.exit_code == 0
    assert store.authenticate_password("zhao", "another long one").username == "zhao"
    result = runner.invoke(users_app, ["passwd", "zhao"])
    assert "新密码" in result.output


def test_api_keys(security: Path) -> None:
    runner.invoke(users_app, ["add", "batch", "--role", "investigator"])
    result = runner.invoke(users_app, ["key", "batch", "--name", "夜间批处理"])
    assert result.exit_code == 0, result.output
    key = result.output.strip().splitlines()[-1]
    store = UserStore(security)
    assert store.authenticate_api_key(key).username == "batch"
    prefix = key.split("_")[1]
    result = runner.invoke(users_app, ["keys", "batch"])
    assert prefix in result.output and "夜间批处理" in result.output and key not in result.output
    assert runner.invoke(users_app, ["revoke", "batch", prefix]).exit_code == 0
    assert "已吊销" in runner.invoke(users_app, ["keys", "batch"]).output


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["add", "admin", "--role", "admin", "--region", "33"], "区划代码"),
        (["disable", "nobody"], "不存在"),
        (["revoke", "nobody", "abcdef12"], "没有前缀"),
        (["keys", "nobody"], "不存在"),
    ],
)
def test_errors_are_one_red_line_and_exit_1(security: Path, args: list[str], message: str) -> None:
    result = runner.invoke(users_app, args)
    assert result.exit_code == 1
    assert message in result.stderr and "Traceback" not in result.output


def test_a_duplicate_user_and_an_unknown_role(security: Path) -> None:
    runner.invoke(users_app, ["add", "admin", "--role", "admin"])
    result = runner.invoke(users_app, ["add", "admin", "--role", "admin"])
    assert result.exit_code == 1 and "已存在" in result.stderr
    assert runner.invoke(users_app, ["add", "other", "--role", "root"]).exit_code == 2  # typer's own choice check


def test_changes_are_audited_and_verified(security: Path) -> None:
    runner.invoke(users_app, ["add", "admin", "--role", "admin"])
    runner.invoke(users_app, ["key", "admin", "--name", "ci"])
    runner.invoke(users_app, ["disable", "admin"])
    result = runner.invoke(audit_app, ["verify"])
    assert result.exit_code == 0 and "3 条" in result.output

    result = runner.invoke(audit_app, ["show", "--limit", "2"])
    assert result.exit_code == 0
    assert "users.disable" in result.output and "users.key" in result.output and "users.add" not in result.output
    assert "users.add" in runner.invoke(audit_app, ["show", "--action", "users.add"]).output
    log = AuditLog(security, key=get_settings().secret_key.get_secret_value().encode())
    assert all(e.user.startswith("cli:") for e in log.read())
    assert all("smk_" not in json.dumps(e.params) for e in log.read())

    log.file.write_text("".join(log.file.read_text().splitlines(keepends=True)[:-1]))
    result = runner.invoke(audit_app, ["verify"])
    assert result.exit_code == 1
    assert "被改动" in result.stderr and "头文件记到第 3 条" in result.stderr
