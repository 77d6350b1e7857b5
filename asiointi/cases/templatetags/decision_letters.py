"""``{{ attachments|decision_letter }}``: the decision letter among a case's (prefetched)
attachments, or None, without another query."""

from django import template

from asiointi.cases.constants import AttachmentKind

register = template.Library()


@register.filter
def decision_letter(attachments):
    for attachment in attachments or ():
        if attachment.kind == AttachmentKind.DECISION_LETTER:
            return attachment
    return None
