from django.template.loader import render_to_string


def method_not_allowed_page(get_response):
    """Give the empty 405 that @require_POST answers a page a visitor can read."""

    def middleware(request):
        response = get_response(request)
        if response.status_code == 405 and not response.content:
            response.content = render_to_string("405.html", request=request)
            response["Content-Type"] = "text/html; charset=utf-8"
        return response

    return middleware
