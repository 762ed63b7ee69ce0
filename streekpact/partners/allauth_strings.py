"""allauth's own words that we say differently (our catalogue wins over allauth's).

makemessages only keeps what our sources name, so the strings allauth shows on pages we do not
override are named here, with our Dutch in locale/nl (allauth's catalogue says "verificatie
e-mail", "Wachtwoord wijziging" and mixes "u" and "je").
"""

from django.utils.translation import gettext_noop

ALLAUTH_STRINGS = (
    gettext_noop("Password successfully changed."),
    gettext_noop("Password successfully set."),
    gettext_noop("Re-send Verification"),
    gettext_noop("Password Reset"),
    gettext_noop("Change Password"),
    gettext_noop(
        "Forgotten your password? Enter your email address below, and we'll send you an "
        "email allowing you to reset it."
    ),
    gettext_noop("Reset My Password"),
    gettext_noop(
        "We have sent you an email. If you have not received it please check your spam "
        "folder. Otherwise contact us if you do not receive it in a few minutes."
    ),
    gettext_noop("Your password is now changed."),
    gettext_noop("Change password"),
)
