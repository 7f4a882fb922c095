"""The handoff card's QR code: /desk/<reference>/ sends staff to the visit's page and
everyone else to the staff sign-in, naming neither the admin's address nor the visit."""

from django.urls import reverse
from pytest_django.asserts import assertRedirects

from tests.factories import start_visit


def desk(reference: str) -> str:
    return f"/desk/{reference}/"


def test_staff_are_sent_to_the_visit_page(client, editor, visit):
    client.force_login(editor)
    response = client.get(desk(visit.reference))
    assertRedirects(response, reverse("admin:troubleshooter_visit_change", args=[visit.id]))


def test_a_code_typed_in_lower_case_or_without_its_dash_still_finds_the_visit(
    client, editor, visit
):
    client.force_login(editor)
    typed = visit.reference.replace("-", "").lower()
    response = client.get(desk(typed))
    assertRedirects(response, reverse("admin:troubleshooter_visit_change", args=[visit.id]))


def test_everyone_else_is_sent_to_the_sign_in_and_back(client, visit):
    response = client.get(desk(visit.reference))
    login = reverse("admin:login")
    expected = f"{login}?next={desk(visit.reference)}"
    assertRedirects(response, expected, fetch_redirect_response=False)
    assert str(visit.id) not in response["Location"]


def test_without_staff_rights_an_unknown_code_looks_the_same_as_a_known_one(client, guide):
    visit = start_visit(guide)
    known, unknown = client.get(desk(visit.reference)), client.get(desk("ZZZ-ZZZ"))
    assert known.status_code == unknown.status_code == 302
    assert known["Location"].split("?")[0] == unknown["Location"].split("?")[0]


def test_staff_get_a_404_for_an_unknown_code_or_no_code(client, editor, db):
    client.force_login(editor)
    assert client.get(desk("ZZZ-ZZZ")).status_code == 404
    assert client.get(desk("not-a-code")).status_code == 404
    assert client.post(desk("ZZZ-ZZZ")).status_code == 405
