from django.conf import settings
from django.db.models.signals import post_save, pre_save
from django.dispatch import receiver
from rest_framework.authtoken.models import Token


@receiver(pre_save, sender=settings.AUTH_USER_MODEL)
def note_a_new_password(sender, instance, update_fields=None, **kwargs):
    """Compare with the stored hash, so every path that sets a password is seen."""
    instance._password_replaced = False
    if instance.pk is None or (update_fields is not None and "password" not in update_fields):
        return
    stored = sender.objects.filter(pk=instance.pk).values_list("password", flat=True).first()
    instance._password_replaced = stored is not None and stored != instance.password


@receiver(post_save, sender=settings.AUTH_USER_MODEL)
def revoke_tokens_on_a_new_password(sender, instance, **kwargs):
    """A changed password ends every API token issued with the old one."""
    if getattr(instance, "_password_replaced", False):
        Token.objects.filter(user=instance).delete()
        instance._password_replaced = False
