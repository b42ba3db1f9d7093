import os

from django.core.asgi import get_asgi_application

from terreau.config.data_dir import prepare

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "terreau.config.settings")
prepare()
application = get_asgi_application()
