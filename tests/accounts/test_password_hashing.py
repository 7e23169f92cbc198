"""Passwords are hashed with Argon2; a hash from before (PBKDF2) still signs in and is re-hashed
with Argon2 at that sign-in."""

import importlib

import pytest
from django.contrib.auth.hashers import Argon2PasswordHasher, make_password
from django.urls import reverse
from django.utils.module_loading import import_string

from tests.accounts.mfa_support import sign_in
from tests.factories import TEST_PASSWORD

pytestmark = pytest.mark.django_db

PRODUCTION_HASHERS = importlib.import_module("vpp_portal.settings").PASSWORD_HASHERS


def test_the_portal_hashes_with_argon2_first_and_still_reads_pbkdf2():
    first = import_string(PRODUCTION_HASHERS[0])
    assert issubclass(first, Argon2PasswordHasher)
    assert (first.memory_cost, first.time_cost, first.parallelism) == (19 * 1024, 2, 1)
    assert "django.contrib.auth.hashers.PBKDF2PasswordHasher" in PRODUCTION_HASHERS[1:]


def test_an_argon2_hash_with_django_s_heavier_default_cost_is_upgraded_at_sign_in(
    client, settings, staff
):
    settings.PASSWORD_HASHERS = PRODUCTION_HASHERS
    staff.password = Argon2PasswordHasher().encode(TEST_PASSWORD, "abcdefghijklmnop")
    staff.save()
    sign_in(client, staff.email, TEST_PASSWORD)
    staff.refresh_from_db()
    assert staff.password.startswith("argon2$argon2id$v=19$m=19456,t=2,p=1$")


def test_a_new_password_is_stored_as_argon2(settings, staff):
    settings.PASSWORD_HASHERS = PRODUCTION_HASHERS
    staff.set_password("a-new-and-long-password")
    staff.save()
    staff.refresh_from_db()
    assert staff.password.startswith("argon2$argon2id$")


def test_an_old_pbkdf2_hash_signs_in_and_is_upgraded_to_argon2(client, settings, staff):
    settings.PASSWORD_HASHERS = PRODUCTION_HASHERS
    staff.password = make_password(TEST_PASSWORD, hasher="pbkdf2_sha256")
    staff.save()
    assert staff.password.startswith("pbkdf2_sha256$")

    response = sign_in(client, staff.email, TEST_PASSWORD)

    assert response["Location"] == reverse("home")
    staff.refresh_from_db()
    assert staff.password.startswith("argon2$argon2id$")
    assert staff.check_password(TEST_PASSWORD)
