"""The admin works under the site's Content-Security-Policy."""

from django.contrib.auth.models import User
from playwright.sync_api import expect

from tests.e2e.conftest import BROWSER_TEST, DESKTOP_LIGHT

pytestmark = BROWSER_TEST


def test_staff_sign_in_and_edit_a_step_under_the_policy(open_page, guide):
    User.objects.create_superuser("staff", password="a long staff password")
    page = open_page(DESKTOP_LIGHT)
    page.goto("/admin/")
    page.fill("#id_username", "staff")
    page.fill("#id_password", "a long staff password")
    page.get_by_role("button", name="Log in").click()
    expect(page.locator("#site-name")).to_contain_text("Helpdesk administration")
    page.goto(f"/admin/troubleshooter/guide/{guide.id}/change/")
    expect(page.locator("#id_steps-4-title")).to_have_value("Check your iCloud storage")
    page.fill("#id_steps-4-title", "Check how much iCloud storage is left")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")
    page.goto(f"/admin/troubleshooter/guide/{guide.id}/change/")
    expect(page.locator("#id_steps-4-title")).to_have_value("Check how much iCloud storage is left")
