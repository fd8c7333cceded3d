from django.dispatch import receiver
from simple_history.signals import pre_create_historical_record

from .models import Statement


@receiver(pre_create_historical_record, sender=Statement)
def keep_topics_in_history(sender, instance, history_instance, **kwargs):
    """History rows written by signals (deletes) carry the topics the service noted."""
    topic_ids = getattr(instance, "_history_topic_ids", None)
    if topic_ids is not None:
        history_instance.topic_ids = topic_ids
