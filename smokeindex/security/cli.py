"""``smokeindex users add | list | disable | enable | passwd | key | keys | revoke`` and ``smokeindex audit verify | show``.

Every change to users and keys is itself written to the audit log, as ``cli:<os user>``; secrets never are.
"""

from __future__ import annotations

import functools
import getpass
import json
import secrets
import sys
from collections.abc import Callable
from typing import Annotated, Any, ParamSpec, TypeVar

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from smokeindex.config import get_settings
from smokeindex.errors import SmokeIndexError
from smokeindex.security.audit import AuditLog
from smokeindex.security.roles import ROLE_ZH, Role
from smokeindex.security.users import UserStore

users_app = typer.Typer(
    help="用户与 API 密钥：添加、列出、停用、改密、发放与吊销密钥 (users and API keys).", no_args_is_help=True
)
audit_app = typer.Typer(help="审计日志：校验哈希链、查看记录 (the hash-chained audit log).", no_args_is_help=True)
console = Console()
err_console = Console(stderr=True)

P = ParamSpec("P")
R = TypeVar("R")


def _errors(command: Callable[P, R]) -> Callable[P, R]:
    """Print a ``SmokeIndexError`` in red on stderr and exit 1, never a traceback."""

    @functools.wraps(command)
    def run(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return command(*args, **kwargs)
        except SmokeIndexError as e:
            err_console.print(f"[red]错误 (error):[/] {escape(e.detail)}")
            for item in e.errors[:10]:
                err_console.print(f"  - {escape(str(item))}")
            raise typer.Exit(1) from e

    return run


def _store() -> UserStore:
    return UserStore(get_settings().security_path)


def _log() -> AuditLog:
    settings = get_settings()
    return AuditLog(settings.security_path, key=settings.secret_key.get_secret_value().encode())


def _audit(action: str, target: str, params: dict[str, Any] | None = None) -> None:
    """Record a change made from the command line, under the operating-system user who made it."""
    try:
        who = getpass.getuser()
    except (KeyError, OSError):  # no passwd entry, as in some containers
        who = "unknown"
    _log().append(user=f"cli:{who}", role="cli", action=action, target=target, params=params or {})


def _password(from_stdin: bool) -> tuple[str, bool]:
    """The password read from stdin (one line), or a new strong one; the flag says whether it was generated."""
    if from_stdin:
        return sys.stdin.readline().rstrip("\r\n"), False
    return secrets.token_urlsafe(18), True


UsernameArg = Annotated[str, typer.Argument(help="用户名 (username)")]
StdinOpt = Annotated[bool, typer.Option("--password-stdin", help="从标准输入读取密码；不给则生成一个强密码")]


@users_app.command()
@_errors
def add(
    username: UsernameArg,
    role: Annotated[Role, typer.Option(help="角色 (role)")],
    region: Annotated[str | None, typer.Option(help="辖区区划代码，如 330102；不给为全国 (national)")] = None,
    name: Annotated[str, typer.Option(help="显示名 (display name)")] = "",
    password_stdin: StdinOpt = False,
) -> None:
    """添加用户；未给密码时生成一个强密码并只显示一次 (add a user)."""
    password, generated = _password(password_stdin)
    user = _store().create(username, role=role, region_code=region, display_name=name, password=password)
    _audit("users.add", username, {"role": user.role.value, "region": user.region_code})
    console.print(f"已添加用户 {user.username}（{ROLE_ZH[user.role]}，辖区 {user.region_code or '全国'}）")
    if generated:
        console.print(f"初始密码（只显示这一次）(initial password, shown once): [bold]{password}[/]")


@users_app.command("list")
@_errors
def list_users() -> None:
    """列出用户 (list users)."""
    users = _store().list()
    table = Table(title=f"用户 {len(users)} 个 (users)")
    for col in ("用户名", "显示名", "角色", "辖区", "状态", "创建时间 (UTC)"):
        table.add_column(col)
    for u in users:
        table.add_row(u.username, u.display_name, f"{ROLE_ZH[u.role]} {u.role.value}", u.region_code or "全国",
                      "[red]已停用[/]" if u.disabled else "正常", u.created_at.strftime("%Y-%m-%d %H:%M"))  # fmt: skip
    console.print(table)


@users_app.command()
@_errors
def disable(username: UsernameArg) -> None:
    """停用用户：立即不能登录，令牌与密钥随即失效 (disable a user)."""
    _store().disable(username)
    _audit("users.disable", username)
    console.print(f"已停用 {username}")


@users_app.command()
@_errors
def enable(username: UsernameArg) -> None:
    """重新启用用户 (enable a user)."""
    _store().enable(username)
    _audit("users.enable", username)
    console.print(f"已启用 {username}")


@users_app.command()
@_errors
def passwd(username: UsernameArg, password_stdin: StdinOpt = False) -> None:
    """设置新密码：从标准输入读取，或生成一个并只显示一次 (set a password)."""
    password, generated = _password(password_stdin)
    _store().set_password(username, password)
    _audit("users.passwd", username)
    console.print(f"已为 {username} 设置新密码")
    if generated:
        console.print(f"新密码（只显示这一次）(new password, shown once): [bold]{password}[/]")


@users_app.command()
@_errors
def key(
    username: UsernameArg, name: Annotated[str, typer.Option(help="密钥用途，如 夜间批处理 (what the key is for)")]
) -> None:
    """发放 API 密钥并只显示一次 (issue an API key)."""
    api_key = _store().issue_api_key(username, name=name)
    prefix = api_key.split("_")[1]
    _audit("users.key", username, {"prefix": prefix, "name": name})
    console.print(f"已为 {username} 发放密钥 {prefix}（{escape(name)}），只显示这一次 (shown once):")
    print(api_key)


@users_app.command()
@_errors
def keys(username: UsernameArg) -> None:
    """列出用户的 API 密钥（不含密钥本身）(list a user's API keys)."""
    table = Table(title=f"{username} 的 API 密钥 (API keys)")
    for col in ("前缀 prefix", "用途", "创建时间 (UTC)", "状态"):
        table.add_column(col)
    for k in _store().list_api_keys(username):
        table.add_row(k.prefix, escape(k.name), k.created_at.strftime("%Y-%m-%d %H:%M"),
                      "[red]已吊销[/]" if k.revoked else "有效")  # fmt: skip
    console.print(table)


@users_app.command()
@_errors
def revoke(username: UsernameArg, prefix: Annotated[str, typer.Argument(help="密钥前缀 (key prefix)")]) -> None:
    """吊销 API 密钥 (revoke an API key)."""
    _store().revoke_api_key(username, prefix)
    _audit("users.revoke", username, {"prefix": prefix})
    console.print(f"已吊销 {username} 的密钥 {prefix}")


@audit_app.command()
@_errors
def verify() -> None:
    """校验审计日志的哈希链与头文件；完好退出码 0，被改动 1 (verify the chain)."""
    report = _log().verify()
    if report.ok:
        console.print(f"[green]审计日志完好 (intact)[/]：{report.entries} 条")
        return
    err_console.print(f"[red]审计日志被改动 (tampered)[/]：{report.entries} 条，{len(report.problems)} 个问题")
    for problem in report.problems:
        err_console.print(f"  - {escape(problem)}")
    raise typer.Exit(1)


@audit_app.command()
@_errors
def show(
    limit: Annotated[int, typer.Option(min=1, help="显示最近多少条")] = 20,
    user: Annotated[str | None, typer.Option(help="只看某个用户")] = None,
    action: Annotated[str | None, typer.Option(help="只看某种操作，如 users.add")] = None,
) -> None:
    """显示最近的审计记录，新的在前 (show the latest entries)."""
    entries = _log().read(limit=limit, user=user, action=action, newest=True)
    table = Table(title=f"审计记录 {len(entries)} 条 (audit entries)")
    for col in ("序号", "时间 (UTC)", "用户", "角色", "操作", "对象", "参数", "结果", "IP"):
        table.add_column(col)
    for e in entries:
        params = json.dumps(e.params, ensure_ascii=False, sort_keys=True)
        table.add_row(str(e.seq), e.at[:19], escape(e.user), e.role, e.action, escape(e.target), escape(params),
                      e.outcome, e.ip or "")  # fmt: skip
    console.print(table)
