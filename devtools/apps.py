from django.apps import AppConfig


class DevtoolsConfig(AppConfig):
    """Tools for developers beside the portal: the demo data (load_demo), bulk data of national
    size (seed_bulk), the benchmarks (bench, benchmark_import). No module of the portal imports
    them; settings install the app only with DEBUG or DEVTOOLS=1."""

    name = "devtools"
    verbose_name = "Developer tools"
