"""Pieces without a store: receipt codes, file-type sniffing, the token buckets, checklist templates."""

from __future__ import annotations

import pytest

from smokeindex.complaints.files import sniff
from smokeindex.complaints.service import RECEIPT_ALPHABET, new_receipt_code, normalise_receipt, receipt_hash
from smokeindex.complaints.throttle import Throttle
from smokeindex.errors import TooManyRequests
from smokeindex.inspections.models import load_checklists


def test_receipt_codes_are_random_typable_and_stored_only_as_hashes() -> None:
    codes = {new_receipt_code() for _ in range(2000)}
    assert len(codes) == 2000
    code = codes.pop()
    raw = code.replace("-", "")
    assert len(raw) == 12 and set(raw) <= set(RECEIPT_ALPHABET)
    assert normalise_receipt(code.lower()) == raw == normalise_receipt(" ".join(raw))
    assert normalise_receipt("0O1I-L000-0000") == "001110000000"  # O→0, I/L→1 as Crockford reads them
    assert normalise_receipt("ABCD") is None and normalise_receipt("ABCD-EFGH-JKM!") is None
    assert receipt_hash(raw) != receipt_hash(raw[::-1]) and len(receipt_hash(raw)) == 64


@pytest.mark.parametrize(
    ("head", "media"),
    [
        (b"\xff\xd8\xff\xe0\x00\x10JFIF", "image/jpeg"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "image/png"),
        (b"RIFF\x00\x00\x00\x00WEBPVP8 ", "image/webp"),
        (b"\x00\x00\x00\x18ftypheic\x00\x00", "image/heic"),
        (b"\x00\x00\x00\x18ftypisom\x00\x00", "video/mp4"),
        (b"%PDF-1.7\n", "application/pdf"),
        (b"ID3\x04\x00", "audio/mpeg"),
        (b"MZ\x90\x00", None),
        (b"<html>", None),
    ],
)
def test_types_are_judged_by_magic_bytes(head: bytes, media: str | None) -> None:
    assert sniff(head) == media


def test_token_bucket_refuses_with_a_chinese_message_and_retry_after() -> None:
    t = Throttle(2, 3600, what="提交举报")
    t.take("1.2.3.4")
    t.take("1.2.3.4")
    with pytest.raises(TooManyRequests) as e:
        t.take("1.2.3.4")
    assert "提交举报过于频繁" in e.value.detail and 1700 < e.value.retry_after_s <= 1800
    t.take("5.6.7.8")  # per key


def test_the_starter_checklist_loads() -> None:
    standard = load_checklists()["standard"]
    assert standard.categories[:5] == ["经营场所", "宣传材料", "承诺收益", "资金去向", "从业人员"]
    assert all(i.risk_answer in ("yes", "no") for i in standard.items)
