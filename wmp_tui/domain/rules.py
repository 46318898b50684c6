"""The small language a force writes its policies in, compiled once into plain closures.

A policy is data a force can edit (DOMAIN.md §4), so a condition is text such as
`threat.weapon in [knife, firearm] and threat.offender_present in [yes, unknown]`. Reading it
on every call would be slow and would find mistakes too late, so each condition is checked
against the facts of a call (their names and their closed vocabularies) and compiled into a
closure when the policy loads. A mistake is refused then, naming the field.

Grammar, loosest first::

    condition  := term ("or" term)*
    term       := factor ("and" factor)*
    factor     := "not" factor | "(" condition ")" | comparison | NAME
    comparison := PATH OP value
    OP         := == | != | < | <= | > | >= | in | not in | contains | intersects
    value      := WORD | NUMBER | 'text' | true | false | null | "[" value, ... "]"

A bare true/false fact holds when true; a bare list fact (`investigation.lines_of_enquiry`)
holds when it has at least one entry; a bare NAME is a term the policy defines once. A missing
`minutes_since` (null) never satisfies `<`, `<=`, `>` or `>=`.
"""

from __future__ import annotations

import difflib
import re
import types
import typing
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from enum import Enum, StrEnum
from operator import attrgetter

from wmp_tui.domain.facts import Call, Facts

Condition = Callable[[Call, Facts], bool]
"""A compiled condition: does it hold for this call and these facts?"""

Sentence = Callable[[Call, Facts], str]
"""A compiled sentence template, filled in with the facts of one call."""


class ConditionError(ValueError):
    """A condition or template cannot be compiled; `field` is the fact it is about, if any."""

    def __init__(self, field: str | None, message: str) -> None:
        self.field = field
        self.message = message
        super().__init__(f"{field}: {message}" if field else message)


class FactKind(StrEnum):
    """How a fact is answered: it decides which comparisons make sense."""

    BOOL = "bool"
    CHOICE = "choice"
    NUMBER = "number"
    MULTI = "multi"


@dataclass(frozen=True, slots=True)
class Fact:
    """One fact a policy may name, such as `threat.weapon`, with its allowed words."""

    path: str
    kind: FactKind
    choices: tuple[str, ...]
    enum: type[Enum] | None
    nullable: bool
    read: Callable[[Call, Facts], object]

    def coerce(self, word: str, quoted: bool = False) -> object:
        """The value a policy word stands for, or a ConditionError naming this fact."""
        if word == "null" and not quoted:
            if self.nullable or self.kind is FactKind.MULTI:
                return None
            raise ConditionError(self.path, "is never null")
        if self.kind is FactKind.BOOL:
            if word in ("true", "false") and not quoted:
                return word == "true"
            raise ConditionError(self.path, f"'{word}' is not true or false")
        if self.kind is FactKind.NUMBER:
            try:
                return int(word)
            except ValueError:
                try:
                    return float(word)
                except ValueError:
                    raise ConditionError(self.path, f"'{word}' is not a number") from None
        if self.enum is None or word not in self.choices:
            raise ConditionError(self.path, f"'{word}' is not one of {', '.join(self.choices)}")
        return self.enum(word)


def _fact(path: str, annotation: object, read: Callable[[Call, Facts], object]) -> Fact | None:
    nullable = False
    origin = typing.get_origin(annotation)
    if origin in (types.UnionType, typing.Union):
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        nullable, annotation, origin = True, args[0], typing.get_origin(args[0])
    if annotation is bool:
        return Fact(path, FactKind.BOOL, (), None, nullable, read)
    if annotation in (int, float):
        return Fact(path, FactKind.NUMBER, (), None, nullable, read)
    if origin is tuple:
        member = typing.get_args(annotation)[0]
        if isinstance(member, type) and issubclass(member, Enum):
            words = tuple(str(m.value) for m in member)
            return Fact(path, FactKind.MULTI, words, member, False, read)
    if isinstance(annotation, type) and issubclass(annotation, Enum):
        words = tuple(str(m.value) for m in annotation)
        return Fact(path, FactKind.CHOICE, words, annotation, nullable, read)
    return None  # free text, such as the narrative: no policy may depend on it


def _from_call(name: str) -> Callable[[Call, Facts], object]:
    get = attrgetter(name)
    return lambda call, facts: get(call)


def _from_facts(path: str) -> Callable[[Call, Facts], object]:
    get = attrgetter(path)
    return lambda call, facts: get(facts)


def _known_facts() -> dict[str, Fact]:
    known: dict[str, Fact] = {}
    for name, field in Call.model_fields.items():
        fact = _fact(f"call.{name}", field.annotation, _from_call(name))
        if fact is not None:
            known[fact.path] = fact
    for group, group_field in Facts.model_fields.items():
        model = typing.cast(type[Facts], group_field.annotation)
        for name, field in model.model_fields.items():
            path = f"{group}.{name}"
            fact = _fact(path, field.annotation, _from_facts(path))
            if fact is not None:
                known[path] = fact
    return known


FACTS: Mapping[str, Fact] = _known_facts()
"""Every fact a policy may name, by path (`call.incident_type`, `threat.weapon`, ...)."""


def fact(path: str) -> Fact:
    """The fact at `path`, or a ConditionError that suggests the nearest real one."""
    try:
        return FACTS[path]
    except KeyError:
        near = difflib.get_close_matches(path, FACTS, n=1)
        hint = f" (did you mean {near[0]}?)" if near else ""
        raise ConditionError(path, f"no such fact{hint}") from None


def describe(value: object) -> str:
    """A fact value as an operator reads it: `life threatening`, `yes`, `cctv, witness`."""
    if value is None:
        return "not given"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, tuple):
        return ", ".join(describe(v) for v in value) or "none"
    if isinstance(value, Enum):
        return str(value.value).replace("_", " ")
    return str(value)


# -- compiling conditions ---------------------------------------------------------------------

_TOKEN = re.compile(
    r"\s*(?:(?P<op>==|!=|<=|>=|<|>)|(?P<punct>[()\[\],])"
    r"|(?P<text>\"[^\"]*\"|'[^']*')|(?P<word>[A-Za-z0-9_.+\-]+))"
)
_KEYWORDS = frozenset({"and", "or", "not", "in", "contains", "intersects"})


@dataclass(frozen=True, slots=True)
class _Token:
    text: str
    kind: str  # op, punct, text, word


def _tokens(source: str) -> list[_Token]:
    tokens: list[_Token] = []
    position = 0
    source = source.rstrip()
    while position < len(source):
        match = _TOKEN.match(source, position)
        if match is None or match.end() == position:
            raise ConditionError(None, f"cannot read {source[position:].strip()!r}")
        kind = typing.cast(str, match.lastgroup)
        text = match.group(kind)
        tokens.append(_Token(text[1:-1] if kind == "text" else text, kind))
        position = match.end()
    return tokens


def _joined(parts: list[Condition], *, every: bool) -> Condition:
    """All of the parts (`every`) or any of them; one or two parts without a loop."""
    if len(parts) == 1:
        return parts[0]
    if len(parts) == 2:
        first, second = parts
        if every:
            return lambda call, facts: first(call, facts) and second(call, facts)
        return lambda call, facts: first(call, facts) or second(call, facts)
    combine = all if every else any

    def holds(call: Call, facts: Facts) -> bool:
        return combine(part(call, facts) for part in parts)

    return holds


def _negate(inner: Condition) -> Condition:
    return lambda call, facts: not inner(call, facts)


class _Parser:
    """Recursive descent over the tokens of one condition; builds closures as it goes."""

    def __init__(self, source: str, terms: Mapping[str, Condition]) -> None:
        self.tokens = _tokens(source)
        self.position = 0
        self.terms = terms
        self.facts_used: list[str] = []

    def peek(self, offset: int = 0) -> _Token | None:
        index = self.position + offset
        return self.tokens[index] if index < len(self.tokens) else None

    def take(self) -> _Token:
        token = self.peek()
        if token is None:
            raise ConditionError(None, "the condition ends too soon")
        self.position += 1
        return token

    def accept(self, text: str) -> bool:
        token = self.peek()
        if token is not None and token.kind != "text" and token.text == text:
            self.position += 1
            return True
        return False

    def expect(self, text: str) -> None:
        if not self.accept(text):
            token = self.peek()
            found = f"'{token.text}'" if token else "the end"
            raise ConditionError(None, f"expected '{text}' but found {found}")

    def parse(self) -> Condition:
        if not self.tokens:
            raise ConditionError(None, "the condition is empty")
        condition = self.condition()
        if self.peek() is not None:
            raise ConditionError(None, f"unexpected '{self.take().text}'")
        return condition

    def condition(self) -> Condition:
        parts = [self.term()]
        while self.accept("or"):
            parts.append(self.term())
        return _joined(parts, every=False)

    def term(self) -> Condition:
        parts = [self.factor()]
        while self.accept("and"):
            parts.append(self.factor())
        return _joined(parts, every=True)

    def factor(self) -> Condition:
        if self.accept("not"):
            return _negate(self.factor())
        if self.accept("("):
            inner = self.condition()
            self.expect(")")
            return inner
        name = self.take()
        if name.kind != "word" or name.text in _KEYWORDS:
            raise ConditionError(None, f"expected a fact or a term but found '{name.text}'")
        if "." not in name.text:
            if name.text in self.terms:
                return self.terms[name.text]
            raise ConditionError(name.text, "no such term (define it under [terms])")
        subject = fact(name.text)
        self.facts_used.append(subject.path)
        return self.comparison(subject)

    def comparison(self, subject: Fact) -> Condition:
        token = self.peek()
        if token is None or token.kind not in ("op", "word") or token.text in ("and", "or"):
            return _bare(subject)
        if token.kind == "word" and token.text not in ("in", "not", "contains", "intersects"):
            return _bare(subject)
        self.position += 1
        operator = token.text
        if operator == "not":
            self.expect("in")
            operator = "not in"
        if operator in ("in", "not in", "intersects"):
            return _compare(subject, operator, self.values(subject))
        return _compare(subject, operator, self.value(subject))

    def value(self, subject: Fact) -> object:
        token = self.take()
        if token.kind not in ("word", "text"):
            raise ConditionError(subject.path, f"expected a value but found '{token.text}'")
        return subject.coerce(token.text, quoted=token.kind == "text")

    def values(self, subject: Fact) -> tuple[object, ...]:
        self.expect("[")
        found: list[object] = []
        while not self.accept("]"):
            found.append(self.value(subject))
            if not self.accept(","):
                self.expect("]")
                break
        return tuple(found)


def _bare(subject: Fact) -> Condition:
    read = subject.read
    if subject.kind is FactKind.BOOL:
        return lambda call, facts: bool(read(call, facts))
    if subject.kind is FactKind.MULTI:
        return lambda call, facts: len(typing.cast(tuple[object, ...], read(call, facts))) > 0
    raise ConditionError(subject.path, "compare it with a value, e.g. `== ...` or `in [...]`")


_ORDER = {"<", "<=", ">", ">="}


def _compare(subject: Fact, operator: str, value: object) -> Condition:
    read, kind = subject.read, subject.kind
    if operator in ("contains", "intersects") and kind is not FactKind.MULTI:
        raise ConditionError(subject.path, f"'{operator}' needs a list fact")
    if kind is FactKind.MULTI and operator not in ("contains", "intersects"):
        raise ConditionError(subject.path, "a list fact takes 'contains' or 'intersects'")
    if operator in _ORDER and kind is not FactKind.NUMBER:
        raise ConditionError(subject.path, f"'{operator}' needs a number fact")
    if operator in ("in", "not in", "intersects"):
        allowed = frozenset(typing.cast(tuple[object, ...], value))
        if not allowed:
            raise ConditionError(subject.path, f"'{operator}' needs at least one value")
        if operator == "in":
            return lambda call, facts: read(call, facts) in allowed
        if operator == "not in":
            return lambda call, facts: read(call, facts) not in allowed
        return lambda call, facts: (
            not allowed.isdisjoint(typing.cast(tuple[object, ...], read(call, facts)))
        )
    if operator == "contains":
        return lambda call, facts: value in typing.cast(tuple[object, ...], read(call, facts))
    if operator == "==":
        return lambda call, facts: read(call, facts) == value
    if operator == "!=":
        return lambda call, facts: read(call, facts) != value
    if value is None:
        raise ConditionError(subject.path, f"'{operator}' needs a number, not null")
    return _ordered(read, operator, typing.cast(float, value))


def _ordered(read: Callable[[Call, Facts], object], operator: str, limit: float) -> Condition:
    # A fact nobody gave (null) is never within or beyond a limit: time rules need a time.
    def number(call: Call, facts: Facts) -> float | None:
        return typing.cast(float | None, read(call, facts))

    if operator == "<=":
        return lambda call, facts: (n := number(call, facts)) is not None and n <= limit
    if operator == "<":
        return lambda call, facts: (n := number(call, facts)) is not None and n < limit
    if operator == ">=":
        return lambda call, facts: (n := number(call, facts)) is not None and n >= limit
    return lambda call, facts: (n := number(call, facts)) is not None and n > limit


def compile_condition(source: str, terms: Mapping[str, Condition] | None = None) -> Condition:
    """Compile `source` once into a closure; raise ConditionError naming the faulty field."""
    return _Parser(source, terms or {}).parse()


# -- compiling sentences ----------------------------------------------------------------------

_PLACEHOLDER = re.compile(r"\{([^{}]*)\}")


def compile_sentence(template: str) -> Sentence:
    """Compile a reason template such as `Injury is {harm.injury}.` into a closure."""
    parts: list[str | Callable[[Call, Facts], object]] = []
    position = 0
    for match in _PLACEHOLDER.finditer(template):
        parts.append(template[position : match.start()])
        parts.append(fact(match.group(1).strip()).read)
        position = match.end()
    parts.append(template[position:])
    if len(parts) == 1:
        fixed = template
        return lambda call, facts: fixed

    def render(call: Call, facts: Facts) -> str:
        return "".join(p if isinstance(p, str) else describe(p(call, facts)) for p in parts)

    return render
