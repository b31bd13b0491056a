from typing import Any

from django.http import HttpRequest

from roundtable.communities.access import FACILITATOR, MANAGER, has_role


def community(request: HttpRequest) -> dict[str, Any]:
    """The current community and what the viewer may do in it, for the navigation."""
    current = getattr(request, "community", None)
    role = getattr(request, "community_role", None)
    return {
        "community": current,
        "community_role": role,
        "is_staff_of_community": has_role(role, FACILITATOR),
        "is_manager_of_community": has_role(role, MANAGER),
    }
