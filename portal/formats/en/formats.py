# English dates as the portal's readers write them, day first: "14 Nov 2024". Django's own
# English ("Nov. 14, 2024", "11/14/2024") is American and reads backwards to an Indonesian or
# Japanese reader, for whom 11/04 is the 11th of April. Names not set here (input formats,
# number separators) are Django's own English ones.
DATE_FORMAT = "j M Y"
DATETIME_FORMAT = "j M Y, H:i"
SHORT_DATE_FORMAT = "j M Y"
SHORT_DATETIME_FORMAT = "j M Y, H:i"
TIME_FORMAT = "H:i"
YEAR_MONTH_FORMAT = "F Y"
MONTH_DAY_FORMAT = "j F"
