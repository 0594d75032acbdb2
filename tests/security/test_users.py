from __future__ import annotations

from pathlib import Path

import pytest

from smokeindex.errors import Conflict, NotFound, Unauthorized, ValidationFailed
from smokeindex.security.roles import Role
from smokeindex.security.users import UserStore

PASSWORD = "correct horse battery"


@pytest.fixture
def store(tmp_path: Path) -> UserStore:
    return UserStore(tmp_path / "security")


def test_create_get_list_and_conflict(store: UserStore) -> None:
    user = store.create("wang.li", role="police", region_code="330102", display_name="王力")
    assert (user.username, user.role, user.region_code, user.display_name, user.disabled) == (
        "wang.li", Role.POLICE, "330102", "王力", False,
    )  # fmt: skip
    assert store.get("wang.li") == user
    store.create("admin", role=Role.ADMIN)
    assert [u.username for u in store.list()] == ["admin", "wang.li"]
    assert store.get("admin").region_code is None  # national
    with pytest.raises(Conflict, match="已存在"):
        store.create("wang.li", role="public")
    with pytest.raises(NotFound):
        store.get("nobody")
    assert store.file.name == "users.sqlite3"
    assert store.file.parent.is_dir()


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"username": "Wang"}, "用户名"),
        ({"username": "ab"}, "用户名"),
        ({"username": "a" * 33}, "用户名"),
        ({"username": "ok_name", "role": "root"}, "未知角色"),
        ({"username": "ok_name", "region_code": "3301"}, "区划代码"),
        ({"username": "ok_name", "password": "short"}, "密码长度"),
    ],
)
def test_create_validates(store: UserStore, kwargs: dict[str, str], message: str) -> None:
    with pytest.raises(ValidationFailed, match=message):
        store.create(**{"role": "public", **kwargs})
    assert store.list() == []


def test_password_authentication(store: UserStore) -> None:
    store.create("zhao", role="regulator", password=PASSWORD)
    assert store.authenticate_password("zhao", PASSWORD).username == "zhao"
    failures = [("zhao", "wrong password!"), ("nobody", PASSWORD), ("zhao", PASSWORD + "x"), ("zhao", "")]
    messages = set()
    for username, password in failures:
        with pytest.raises(Unauthorized) as info:
            store.authenticate_password(username, password)
        messages.add(info.value.detail)
    assert len(messages) == 1  # one message: never says whether the user exists

    stored = store._one("SELECT password_hash FROM users WHERE username = 'zhao'", ())
    assert stored is not None and stored["password_hash"].startswith("scrypt$16384$8$1$")

    store.disable("zhao")
    assert store.get("zhao").disabled
    with pytest.raises(Unauthorized):
        store.authenticate_password("zhao", PASSWORD)
    store.enable("zhao")
    store.set_password("zhao", "another long password")
    with pytest.raises(Unauthorized):
        store.authenticate_password("zhao", PASSWORD)
    assert store.authenticate_password("zhao", "another long password").username == "zhao"
    with pytest.raises(ValidationFailed):
        store.set_password("zhao", "123456789")
    with pytest.raises(NotFound):
        store.set_password("nobody", PASSWORD)
    with pytest.raises(NotFound):
        store.disable("nobody")


def test_user_without_password_cannot_log_in_with_one(store: UserStore) -> None:
    store.create("batch", role="investigator")
    with pytest.raises(Unauthorized):
        store.authenticate_password("batch", "")


def test_api_keys(store: UserStore, tmp_path: Path) -> None:
    store.create("li.na", role="investigator", region_code="330100")
    key = store.issue_api_key("li.na", name="夜间批处理")
    smk, prefix, secret = key.split("_", 2)
    assert smk == "smk" and len(prefix) == 8 and len(secret) >= 40
    assert store.authenticate_api_key(key).username == "li.na"
    assert key not in (tmp_path / "security" / "users.sqlite3").read_bytes().decode("latin-1")

    for bad in ("", "smk_", "smk_00000000_x", key[:-1] + ("A" if key[-1] != "A" else "B"), "Bearer " + key):
        with pytest.raises(Unauthorized):
            store.authenticate_api_key(bad)

    [info] = store.list_api_keys("li.na")
    assert (info.prefix, info.name, info.revoked) == (prefix, "夜间批处理", False)

    store.disable("li.na")
    with pytest.raises(Unauthorized):
        store.authenticate_api_key(key)
    store.enable("li.na")
    other = store.issue_api_key("li.na", name="second")
    store.revoke_api_key("li.na", prefix)
    with pytest.raises(Unauthorized):
        store.authenticate_api_key(key)
    assert store.authenticate_api_key(other).username == "li.na"
    assert [k.revoked for k in store.list_api_keys("li.na")].count(True) == 1

    store.create("wu.yi", role="public")
    with pytest.raises(NotFound):
        store.revoke_api_key("wu.yi", other.split("_")[1])  # not wu's key
    with pytest.raises(NotFound):
        store.issue_api_key("nobody", name="x")
    with pytest.raises(NotFound):
        store.list_api_keys("nobody")


def test_a_second_store_sees_the_same_users(store: UserStore, tmp_path: Path) -> None:
    store.create("shared", role="admin")
    other = UserStore(tmp_path / "security")
    assert other.get("shared").role is Role.ADMIN
    other.close()
