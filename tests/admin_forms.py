def change_form_data(response) -> dict:
    """The POST data an admin change page would send back unchanged."""
    data = {}

    def put(form, name):
        value = form[name].value()
        if value is True:
            data[form.add_prefix(name)] = "on"
        elif value is not False and value is not None:
            data[form.add_prefix(name)] = value

    # Only the fields the page shows: a field left out of the fieldsets is never sent.
    admin_form = response.context["adminform"]
    for fieldset in admin_form:
        for line in fieldset:
            for field in line:
                if not field.is_readonly:
                    put(admin_form.form, field.field.name)

    def put_formset(formset):
        for name in formset.management_form.fields:
            put(formset.management_form, name)
        for form in formset.forms:
            for name in form.fields:
                put(form, name)
            for nested in getattr(form, "nested_formsets", []):
                put_formset(nested)

    for inline in response.context["inline_admin_formsets"]:
        put_formset(inline.formset)
    return data


def publish_form_data(response, note: str = "") -> dict:
    """What the Publish page sends back: the draft and live version it showed, and a note."""
    form = response.context["form"]
    fields = ("reviewed", "live_number")
    return {**{name: form[name].value() for name in fields}, "note": note}
