"""HTTP helpers every app's API and page tests use: a logged-in client, the problem+json check."""

from django.test import Client
from rest_framework.test import APIClient


def client_for(user=None) -> APIClient:
    """An API client, logged in as `user` (anonymous without one)."""
    client = APIClient()
    if user is not None:
        client.force_login(user)
    return client


def login(user) -> Client:
    """A page client logged in as `user`."""
    client = Client()
    client.force_login(user)
    return client


def assert_problem(response, status: int) -> dict:
    """The response is an RFC 9457 problem of `status` (with the API-Version header); its body."""
    assert response.status_code == status, (response.status_code, response.content[:500])
    assert response["Content-Type"].startswith("application/problem+json"), response["Content-Type"]
    assert response["API-Version"]
    body = response.json()
    assert body["status"] == status
    assert body["title"]
    return body
