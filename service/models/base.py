"""The configuration every model of the API shares."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field, computed_field, model_validator

from service.messages import Message, from_legacy


class Model(BaseModel):
    """A document of the API: serialised by alias, read back by name or alias, unknown keys ignored.

    Unknown keys are ignored on reading so that an article saved by a newer
    version (or with fields this one dropped) still opens.
    """

    model_config = ConfigDict(
        extra="ignore",
        validate_by_name=True,
        validate_by_alias=True,
        serialize_by_alias=True,
        frozen=False,
        # What the server writes always has every field: the contract says so (requests keep their defaults).
        json_schema_serialization_defaults_required=True,
    )

    def to_dict(self) -> dict:
        """The JSON document (plain types), as the API sends it."""
        return self.model_dump(mode="json")


class WithNotices(Model):
    """A document with warnings: kept as message ids (``notices``), shown as English ``warnings`` by the API.

    Results saved before messages had ids carry only ``warnings``: they are
    read back as plain-text notices.
    """

    notices: list[Message] = Field(
        default_factory=list,
        description="The warnings as message ids and parameters (the same as 'warnings', for programs and for "
        "showing them in another language).",
    )

    @computed_field  # type: ignore[prop-decorator]
    @property
    def warnings(self) -> list[str]:
        return [notice.english for notice in self.notices]

    @model_validator(mode="before")
    @classmethod
    def _legacy_warnings(cls, data: Any) -> Any:
        if isinstance(data, dict) and "notices" not in data and data.get("warnings"):
            return {**data, "notices": [from_legacy(w) for w in data["warnings"]]}
        if isinstance(data, dict) and data.get("notices"):
            return {**data, "notices": [from_legacy(n) for n in data["notices"]]}
        return data
