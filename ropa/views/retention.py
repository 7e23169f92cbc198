"""Routes and views: retention."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
