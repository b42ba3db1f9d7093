import os

from django.core.wsgi import get_wsgi_application

from terreau.config.data_dir import prepare

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "terreau.config.settings")
prepare()
application = get_wsgi_application()
