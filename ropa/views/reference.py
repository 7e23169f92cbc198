"""Routes and views: reference."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
