"""The footer of keys, redrawn only when the keys it shows change.

Textual's footer rebuilds all its key widgets whenever the bindings *might* have changed, which
is every focus move: moving through a THRIVE+ form rebuilt a dozen widgets per key press, a
quarter of the work of a drill played on the screens. The keys shown rarely change between two
fields, so the footer compares what it would show and keeps its widgets when nothing differs.
"""

from __future__ import annotations

from typing import Any

from textual.screen import Screen
from textual.widgets import Footer


class KeyFooter(Footer):
    """Textual's footer, recomposed only when the shown keys differ from the last ones."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._shown: tuple[object, ...] | None = None

    def _keys_shown(self, screen: Screen[Any]) -> tuple[object, ...]:
        """Everything `Footer.compose` reads from the bindings, as one comparable value."""
        palette = self.show_command_palette and self.app.ENABLE_COMMAND_PALETTE
        return (
            palette,
            tuple(
                (
                    binding.key,
                    self.app.get_key_display(binding),
                    binding.description,
                    binding.action,
                    binding.group,
                    binding.show,
                    binding.tooltip,
                    enabled,
                    tooltip,
                )
                for key, (_, binding, enabled, tooltip) in screen.active_bindings.items()
                # Only what it draws: a question row's two dozen hidden answer keys are not.
                if binding.show or key == self.app.COMMAND_PALETTE_BINDING
            ),
        )

    def bindings_changed(self, screen: Screen[Any]) -> None:
        if not (screen.app.app_focus and self.is_attached and screen is self.screen):
            super().bindings_changed(screen)
            return
        shown = self._keys_shown(screen)
        if shown == self._shown:
            return
        self._shown = shown
        super().bindings_changed(screen)
