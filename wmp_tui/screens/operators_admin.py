"""Operators, for a supervisor at the desk: who may sign in, add one, reset a PIN, disable one.

The same use cases as `wmp-tui operators …`, each audited, with the signed-in supervisor as the
one who made the change (their role is checked by the service). A PIN set here is a first PIN:
its operator chooses their own at their next sign-in. `O` from the supervisor's room.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import partial
from typing import ClassVar, TypeVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import Input

from wmp_tui.domain.log import FORCE_TIMEZONE
from wmp_tui.domain.operators import ROLE_NAMES, AccessRules, Operator, pin_problem
from wmp_tui.domain.vocabulary import OperatorRole
from wmp_tui.screens.base import RoomScreen
from wmp_tui.services import operators
from wmp_tui.services.operators import Administrator, OperatorLine
from wmp_tui.widgets.plain_text import DataTable, Label, Static

T = TypeVar("T")

ROLES = list(OperatorRole)
"""The roles in the order their number keys pick them (1 call handler … 4 trainer)."""


def role_words(role: OperatorRole) -> str:
    """`call handler`, `dispatcher`, `supervisor`, `trainer`."""
    return role.value.replace("_", " ")


def status_words(line: OperatorLine) -> str:
    """`active`, `disabled`, with `PIN to change` and `locked until 21:45` where they apply."""
    parts = ["active" if line.active else "disabled"]
    if line.pin_change_due:
        parts.append("PIN to change")
    if line.locked_until is not None:
        parts.append(f"locked until {line.locked_until.astimezone(FORCE_TIMEZONE):%H:%M}")
    return ", ".join(parts)


@dataclass(frozen=True)
class NewOperator:
    name: str
    role: OperatorRole
    pin: str


def not_accepted(pin: str, rules: AccessRules) -> str | None:
    """Why a PIN typed in a dialog will not do, as the one sentence the dialog shows, or None.
    The rule is the domain's; the service checks it again."""
    problem = pin_problem(pin, rules)
    return f"PIN not accepted: {problem[0].lower()}{problem[1:]}" if problem else None


class PinDialog(ModalScreen[T]):
    """A dialog that sets a PIN: it stays open until the change is made. A PIN refused, or
    anything else the service refuses, is said in the dialog's problem line; the PIN is
    cleared for another try and everything else typed is kept. Esc cancels."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel")]
    PIN_FIELD = ""
    PROBLEM = ""

    def __init__(self, rules: AccessRules, submit: Callable[[PinDialog[T]], None]) -> None:
        super().__init__()
        self.rules = rules
        self.submit = submit
        """Asked to make the change (the screen calls the service); it calls `made` or
        `refused` on this dialog."""

    @property
    def pin(self) -> Input:
        return self.query_one(self.PIN_FIELD, Input)

    def try_pin(self) -> None:
        """Submit, unless the PIN typed will not do (then say so and ask for it again)."""
        problem = not_accepted(self.pin.value, self.rules)
        if problem:
            self.refused(problem)
        else:
            self.submit(self)

    def refused(self, message: str, field: str = "") -> None:
        """Say why; the PIN is cleared and asked for again, unless `field` was refused (then
        it takes the focus and the PIN is kept)."""
        self.query_one(self.PROBLEM, Static).update(message)
        if not field:
            self.pin.value = ""
        self.query_one(field or self.PIN_FIELD, Input).focus()

    def made(self, result: T) -> None:
        self.dismiss(result)

    def action_cancel(self) -> None:
        self.dismiss(None)


class AddOperator(PinDialog[Operator | None]):
    """Name, role (1–4) and a first PIN; Enter on the PIN adds, Esc cancels."""

    PIN_FIELD = "#new-pin"
    PROBLEM = "#add-problem"

    def compose(self) -> ComposeResult:
        roles = " · ".join(f"{n} {role_words(r)}" for n, r in enumerate(ROLES, start=1))
        with Vertical(classes="dialog", id="add-operator"):
            yield Label("Add an operator", classes="title")
            yield Label("Name")
            yield Input(id="new-name", max_length=80)
            yield Label(f"Role: {roles}")
            yield Input(id="new-role", max_length=1, restrict=r"[1-4]", placeholder="1–4")
            yield Label("First PIN (they choose their own at first sign-in)")
            yield Input(id="new-pin", password=True, max_length=8, restrict=r"[0-9]*")
            yield Static("", classes="problem", id="add-problem")
            yield Static("Tab next · Enter on the PIN adds · Esc cancel", classes="hint")

    def on_mount(self) -> None:
        self.query_one("#new-name", Input).focus()

    @property
    def new(self) -> NewOperator:
        role = self.query_one("#new-role", Input).value
        return NewOperator(
            self.query_one("#new-name", Input).value.strip(),
            ROLES[int(role) - 1] if role else ROLES[0],
            self.pin.value,
        )

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if event.input.id != "new-pin":
            self.focus_next()
            return
        problem = self.query_one("#add-problem", Static)
        if not self.query_one("#new-name", Input).value.strip():
            problem.update("Type the operator's name.")
            self.query_one("#new-name", Input).focus()
        elif not self.query_one("#new-role", Input).value:
            problem.update("Choose a role: 1–4.")
            self.query_one("#new-role", Input).focus()
        else:
            self.try_pin()


class ResetPin(PinDialog[str | None]):
    """A new first PIN for one operator; Enter sets it, Esc cancels."""

    PIN_FIELD = "#reset-pin-value"
    PROBLEM = "#reset-problem"

    def __init__(
        self, name: str, rules: AccessRules, submit: Callable[[PinDialog[str | None]], None]
    ) -> None:
        super().__init__(rules, submit)
        self.operator_name = name

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="reset-pin"):
            yield Label(f"New PIN for {self.operator_name}", classes="title")
            yield Static("It also ends a lockout; they choose their own PIN at next sign-in.")
            yield Input(id="reset-pin-value", password=True, max_length=8, restrict=r"[0-9]*")
            yield Static("", classes="problem", id="reset-problem")
            yield Static("Enter sets it · Esc cancel", classes="hint")

    def on_mount(self) -> None:
        self.pin.focus()

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.try_pin()


class ConfirmDisable(ModalScreen[bool]):
    """y disables the operator, n or Esc keeps them."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y", "answer(True)", "Disable"),
        Binding("n,escape", "answer(False)", "Keep"),
    ]

    def __init__(self, name: str) -> None:
        super().__init__()
        self.operator_name = name

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="confirm-disable"):
            yield Label(f"Disable {self.operator_name}?", classes="title")
            yield Static("They can no longer sign in or authorise; their history stays theirs.")
            yield Static("y disable · n / Esc keep", classes="hint")

    def action_answer(self, disable: bool) -> None:
        self.dismiss(disable)


class OperatorsScreen(RoomScreen[None]):
    """Everyone who can sign in or once could; a add, p reset PIN, x disable, Esc back."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("a", "add", "Add"),
        Binding("p", "reset_pin", "Reset PIN"),
        Binding("x", "disable", "Disable"),
        Binding("escape", "back", "Back"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.lines: list[OperatorLine] = []

    @property
    def table(self) -> DataTable[str]:
        return self.query_one("#operators", DataTable)

    def compose_body(self) -> Iterable[Widget]:
        yield Label("Operators", classes="pane-title")
        yield DataTable(id="operators", cursor_type="row", zebra_stripes=True)
        yield Static("", id="operators-hint", classes="hint")

    def on_mount(self) -> None:
        self.table.add_columns("Name", "Role", "Status")
        self.table.focus()
        self._load()

    def _load(self) -> None:
        self.call_service(
            partial(operators.operator_lines, self.room_app.room.store), done=self._show
        )

    def _show(self, lines: list[OperatorLine]) -> None:
        at = self.table.cursor_row
        self.lines = lines
        self.table.clear()
        for line in lines:
            self.table.add_row(line.name, role_words(line.role), status_words(line), key=line.name)
        if lines:
            self.table.move_cursor(row=min(at, len(lines) - 1))
        self.query_one("#operators-hint", Static).update(
            f"{len(lines)} operators · a add · p reset PIN · x disable · Esc back"
        )

    @property
    def chosen(self) -> OperatorLine | None:
        row = self.table.cursor_row
        return self.lines[row] if 0 <= row < len(self.lines) else None

    @property
    def by(self) -> Administrator:
        operator = self.room_app.operator
        assert operator is not None
        return Administrator(operator.name, operator)

    def _done(self, said: str) -> None:
        self.notify(said, timeout=5)
        self._load()

    def action_add(self) -> None:
        room = self.room_app.room

        def submit(dialog: PinDialog[Operator | None]) -> None:
            assert isinstance(dialog, AddOperator)
            new = dialog.new
            self.call_service(
                partial(
                    operators.add_operator,
                    room.store,
                    room.clock,
                    self.by,
                    new.name,
                    new.role,
                    new.pin,
                    room.access,
                ),
                done=dialog.made,
                refused=partial(dialog.refused, field="#new-name"),  # its PIN was checked
            )

        def added(operator: Operator | None) -> None:
            if operator is not None:
                self._done(
                    f"{operator.name} added as {ROLE_NAMES[operator.role]}: "
                    "they choose their own PIN at first sign-in."
                )

        self.app.push_screen(AddOperator(room.access, submit), added)

    def action_reset_pin(self) -> None:
        line, room = self.chosen, self.room_app.room
        if line is None:
            return

        def submit(dialog: PinDialog[str | None]) -> None:
            pin = dialog.pin.value
            self.call_service(
                partial(
                    operators.set_pin, room.store, room.clock, self.by, line.name, pin, room.access
                ),
                done=lambda _: dialog.made(line.name),
                refused=dialog.refused,
            )

        def reset(name: str | None) -> None:
            if name is not None:
                self._done(f"PIN of {name} reset: they choose their own at next sign-in.")

        self.app.push_screen(ResetPin(line.name, room.access, submit), reset)

    def action_disable(self) -> None:
        line, room = self.chosen, self.room_app.room
        if line is None:
            return
        if self.room_app.operator is not None and line.name == self.room_app.operator.name:
            self.show_refusal("You cannot disable yourself: ask another supervisor.")
            return
        disabling = partial(operators.disable, room.store, room.clock, self.by, line.name)
        if not line.active:  # nothing to confirm: the service says they already are
            self.call_service(disabling)
            return

        def answered(disable: bool | None) -> None:
            if disable:
                self.call_service(disabling, done=lambda _: self._done(f"{line.name} disabled."))

        self.app.push_screen(ConfirmDisable(line.name), answered)

    def action_back(self) -> None:
        self.app.pop_screen()
