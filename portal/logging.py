"""Keeping personal data out of error reports.

Django's error emails include the request's form data and every local variable of the failing
code. Trainees' names, NISNs and birth dates would travel in them; this filter removes both,
whatever view failed. Paths and query strings stay: the portal never puts personal data in a
URL.
"""

from django.views.debug import SafeExceptionReporterFilter


class PersonalDataReporterFilter(SafeExceptionReporterFilter):
    def get_post_parameters(self, request):
        if request is None or not self.is_active(request):
            return super().get_post_parameters(request)
        return dict.fromkeys(request.POST, self.cleansed_substitute)

    def get_traceback_frame_variables(self, request, tb_frame):
        if not self.is_active(request):
            return super().get_traceback_frame_variables(request, tb_frame)
        return [(name, self.cleansed_substitute) for name in tb_frame.f_locals]
