from troubleshooter.screens import method_not_allowed_html


def method_not_allowed_page(get_response):
    """Give the empty 405 that @require_POST answers a page a visitor can read."""

    def middleware(request):
        response = get_response(request)
        if response.status_code == 405 and not response.content:
            response.content = method_not_allowed_html(request)
            response["Content-Type"] = "text/html; charset=utf-8"
        return response

    return middleware
