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
