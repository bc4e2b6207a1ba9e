"""The demo's URLs plus the benchmark's 20-field form."""

from demo.urls import urlpatterns as demo_urls
from django.urls import path
from form20 import TwentyFieldForm

urlpatterns = [*demo_urls, path("bench/form20/", TwentyFieldForm.as_view())]
