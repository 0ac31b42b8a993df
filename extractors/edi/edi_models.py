"""Building the EDI readers' pydantic models from values the readers have already typed.

The EDIFACT and X12 readers produce plain ``str``, ``int``, ``Decimal``, ``date``, enum members and
model instances, so validating each ``ExtractedLine``, ``Party`` and ``ExtractedOrder`` again costs
time (several microseconds a line) and changes nothing. ``trusted(cls)`` returns a builder that makes
the instance the way pydantic's ``model_construct`` does (defaults and default factories filled in,
``model_fields_set`` the keys given) but with the per-class work done once, so a line costs about a
microsecond. A model this shortcut would not reproduce exactly (aliases, validators, post-init hooks,
extra fields allowed, required fields) is validated as before.
"""

from __future__ import annotations

from typing import Any, Callable, TypeVar

from pydantic import BaseModel

M = TypeVar("M", bound=BaseModel)
_MISSING = object()


def _shortcut_safe(cls: type[BaseModel]) -> bool:
    decorators = cls.__pydantic_decorators__
    if (cls.__pydantic_post_init__ or cls.__pydantic_root_model__ or cls.model_config.get("extra") == "allow"
            or decorators.validators or decorators.field_validators or decorators.root_validators
            or decorators.model_validators or cls.__private_attributes__):
        return False
    return all(f.alias is None and f.validation_alias is None and not f.default_factory_takes_validated_data
               for f in cls.model_fields.values())


def trusted(cls: type[M]) -> Callable[[dict[str, Any]], M]:
    """A builder of ``cls`` from a dict of already typed field values (which it keeps, not copies)."""
    if not _shortcut_safe(cls):
        return cls.model_validate
    template: dict[str, Any] = {}
    factories: list[tuple[str, Callable[[], Any]]] = []
    required: list[str] = []
    for name, info in cls.model_fields.items():
        template[name] = _MISSING
        if info.default_factory is not None:
            factories.append((name, info.default_factory))  # type: ignore[arg-type]
        elif info.is_required():
            required.append(name)
        else:
            template[name] = info.default
    new, set_attribute = cls.__new__, object.__setattr__

    def build(values: dict[str, Any]) -> M:
        fields = template.copy()
        fields.update(values)
        if len(fields) != len(template):
            return cls.model_validate(values)  # a field the model does not have: let pydantic refuse it
        for name, factory in factories:
            if fields[name] is _MISSING:
                fields[name] = factory()
        for name in required:
            if fields[name] is _MISSING:
                return cls.model_validate(values)  # let pydantic say what is missing
        model = new(cls)
        set_attribute(model, "__dict__", fields)
        set_attribute(model, "__pydantic_fields_set__", set(values))
        set_attribute(model, "__pydantic_extra__", None)
        set_attribute(model, "__pydantic_private__", None)
        return model

    return build
