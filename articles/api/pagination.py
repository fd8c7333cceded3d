from rest_framework import pagination
from rest_framework.exceptions import ValidationError


class PageNumberPagination(pagination.PageNumberPagination):
    page_size_query_param = "page_size"
    max_page_size = 500

    def get_page_size(self, request):
        raw = request.query_params.get(self.page_size_query_param)
        if raw is None:
            return self.page_size
        # A page size that is not one is refused, not silently replaced by the default;
        # one past the largest is capped.
        if not raw.strip().isdigit() or int(raw) < 1:
            raise ValidationError(
                {
                    self.page_size_query_param: "Give a whole number of items per page, "
                    f"from 1 (at most {self.max_page_size} are sent)."
                }
            )
        return min(int(raw), self.max_page_size)

    def get_page_number(self, request, paginator):
        raw = request.query_params.get(self.page_query_param)
        # An empty page is refused like page_size, not read as the first page; other
        # numbers that are no page get DRF's 404 "Invalid page."
        if raw is not None and not raw.strip():
            raise ValidationError({self.page_query_param: "Give a page number, from 1."})
        return super().get_page_number(request, paginator)

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] in (self.page_query_param, self.page_size_query_param):
                parameter["schema"]["minimum"] = 1
        return parameters
