"""Evidence files (证据固化): the accepted types and limits, and what an upload and a verification answer."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, Field

#: The largest file accepted (the API's body limit, ``SMOKEINDEX_MAX_BODY_BYTES``, must allow it plus the form).
MAX_BYTES = 20 * 1024 * 1024
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
#: Accepted media types (recognised by content) and the file name extensions that may go with each.
EXTENSIONS: dict[str, tuple[str, ...]] = {
    "image/jpeg": (".jpg", ".jpeg"),
    "image/png": (".png",),
    "application/pdf": (".pdf",),
    DOCX: (".docx",),
    "video/mp4": (".mp4",),
}
MEDIA_ZH = {"image/jpeg": "JPEG 图片", "image/png": "PNG 图片", "application/pdf": "PDF 文件", DOCX: "Word 文档",
            "video/mp4": "MP4 视频"}  # fmt: skip
EvidenceKind = Literal["photo", "document", "screenshot", "video"]
KIND_ZH = {"photo": "现场照片", "document": "书证文件", "screenshot": "截图", "video": "视频"}
#: The kinds each media type may be filed as (a screenshot is an image; a video is an mp4).
KINDS_OF = {
    "image/jpeg": ("photo", "screenshot", "document"),
    "image/png": ("screenshot", "photo", "document"),
    "application/pdf": ("document",),
    DOCX: ("document",),
    "video/mp4": ("video",),
}
#: What evidence can be attached to.
TARGET_LABELS = ("Lead", "Task", "Disposition")


class EvidenceFilePublic(BaseModel):
    evidence_id: str
    sha256: str = Field(description="内容的 SHA-256（十六进制）")
    size_bytes: int
    media_type: str
    media_zh: str
    kind: EvidenceKind
    kind_zh: str
    filename: str | None = None
    description: str | None = None
    received_at: str = Field(description="接收时间（服务器时钟，UTC）")
    uploader: str
    uploader_role: str | None = None
    region_code: str
    attached_to: str = Field(description="所附对象 Lead:<编号>、Task:<编号> 或 Disposition:<编号>")

    @classmethod
    def from_node(cls, p: dict[str, Any]) -> EvidenceFilePublic:
        fields = {k: v for k, v in p.items() if k in cls.model_fields}
        return cls(**fields, media_zh=MEDIA_ZH[p["media_type"]], kind_zh=KIND_ZH[p["kind"]])


FileStatus = Literal["intact", "tampered", "missing"]
FILE_STATUS_ZH = {"intact": "完整，未被改动", "tampered": "内容已被改动", "missing": "文件缺失"}


class EvidenceCheckPublic(BaseModel):
    """The file re-hashed against what was recorded at receipt."""

    evidence_id: str
    ok: bool
    status: FileStatus
    status_zh: str
    sha256: str = Field(description="接收时记录的摘要")
    actual_sha256: str | None = Field(default=None, description="现在重新计算的摘要")
    size_bytes: int
    actual_size: int | None = None
