from django.conf import settings


def platform(request):
    return {
        "DEMO_MODE": settings.DEMO_LOGIN,
        "OIDC_ENABLED": settings.OIDC_ENABLED,
        "max_upload": settings.ATTACHMENT_MAX_BYTES,
        "CITY_NAME": settings.CITY_NAME,
        "THEME": settings.THEME,
    }
