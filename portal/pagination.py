from django.core.paginator import Paginator


class LenientPaginationMixin:
    """ListView pagination that shows the nearest page for a bad or out-of-range ?page=
    instead of a 404: a link shared after rows were deleted still opens."""

    paginate_by = 25

    def paginate_queryset(self, queryset, page_size):
        paginator = Paginator(queryset, page_size)
        page = paginator.get_page(self.request.GET.get(self.page_kwarg))
        return paginator, page, page.object_list, page.has_other_pages()
