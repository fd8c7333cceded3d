from rest_framework.permissions import DjangoModelPermissions


class RolePermissions(DjangoModelPermissions):
    """Any logged-in user reads; writes need the model permission their group grants.

    Rules about particular objects (whose statement, which status) live in the services.
    """

    perms_map = {
        **DjangoModelPermissions.perms_map,
        "GET": [],
        "HEAD": [],
        "OPTIONS": [],
    }

    def _queryset(self, view):
        # Only the model is needed here: the class attribute names it without building
        # the view's list query (annotations, joins) on every request.
        if getattr(view, "queryset", None) is not None:
            return view.queryset
        return super()._queryset(view)
