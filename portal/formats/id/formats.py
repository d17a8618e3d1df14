# Indonesian dates as people write them: "12 Juli 2025" (Django's own "j N Y" abbreviates).
DATE_FORMAT = "j F Y"
DATETIME_FORMAT = "j F Y, H.i"
