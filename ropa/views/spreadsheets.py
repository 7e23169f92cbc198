"""Routes and views: spreadsheets."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
