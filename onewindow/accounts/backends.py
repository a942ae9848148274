"""Authentication by username and password, with permissions derived from roles."""

from django.contrib.auth.backends import ModelBackend

from .permissions import permissions_for


class RoleBackend(ModelBackend):
    """ModelBackend whose permissions come from the user's roles, not per-user grants."""

    def get_user_permissions(self, user_obj, obj=None):
        return set()

    def get_group_permissions(self, user_obj, obj=None):
        if not user_obj.is_active or user_obj.is_anonymous or obj is not None:
            return set()
        return permissions_for(user_obj.roles)

    def get_all_permissions(self, user_obj, obj=None):
        return self.get_group_permissions(user_obj, obj)
