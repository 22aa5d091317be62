from django.urls import path

from . import account, views

urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", views.LogoutView.as_view(), name="logout"),
    path("account/wachtwoord/", account.PasswordChangeView.as_view(), name="password-change"),
    path("account/tweede-stap/", account.TwoFactorVerifyView.as_view(), name="two-factor-verify"),
    path("account/tweede-stap/instellen/", account.TwoFactorSetupView.as_view(), name="two-factor-setup"),
    path("health", views.health, name="health"),
]
