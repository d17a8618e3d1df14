from django.urls import path

from pages import views

app_name = "pages"

urlpatterns = [
    path("", views.home, name="home"),
    path("me/", views.workspace, name="workspace"),
    path("about/", views.IdentityPage.as_view(template_name="pages/about.html"), name="about"),
    path(
        "privacy/",
        views.IdentityPage.as_view(template_name="pages/privacy.html"),
        name="privacy",
    ),
    path(
        "contact/",
        views.IdentityPage.as_view(template_name="pages/contact.html"),
        name="contact",
    ),
]
