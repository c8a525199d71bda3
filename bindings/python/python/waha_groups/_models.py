"""What the native result classes need from Python: the ``ParticipantOutcomes`` list and the
type aliases. The classes themselves (``Group``, ``Participant``, ``WebhookEvent``, ...) are
built in Rust (``waha_groups._native``); their fields are typed in ``_native.pyi``.

Enum-like fields are strings. Known values: role ``participant | admin | superadmin | left``;
join method ``invite_link | linked_group_join | non_admin_add``; participants change
``join | leave | promote | demote``; join-request action ``created | rejected | revoked``;
engine ``WEBJS | WPP | NOWEB | GOWS``. Unknown values are passed through unchanged.
Timestamps are Unix milliseconds.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, List, Mapping, Union

if TYPE_CHECKING:
    from ._native import ParticipantOutcome

ParticipantLike = Union[str, Mapping[str, str]]
"""A member id (``"111@c.us"``, ``"123@lid"``, bare digits) or ``{"id": ...}``."""


class ParticipantOutcomes(List["ParticipantOutcome"]):
    """The outcomes of one add / remove / promote / demote call: a ``list`` with the follow-ups.

    ```python
    outcomes = groups.add_participants(g.id, numbers)
    for o in outcomes.failed():
        print(o.requested, o.code)
    for o in outcomes.invitations():
        send_private_invite(o.pn, o.invite_code)
    ```
    """

    def failed(self) -> List[ParticipantOutcome]:
        """Outcomes WhatsApp did not apply."""
        return [o for o in self if not o.ok]

    def invitations(self) -> List[ParticipantOutcome]:
        """Privacy-refused adds still waiting for you to send the invitation."""
        return [o for o in self if o.needs_invitation]
