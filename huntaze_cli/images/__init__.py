"""Photos a creator is about to post, checked offline with Pillow (imported only inside these functions).

load.py opens a file safely (size, emptiness, Pillow's decompression-bomb limit, truncation); platforms.py is
the one table of platform formats and upload limits, with the fit and crop arithmetic; quality.py measures
exposure and sharpness; metadata.py finds and strips what puts a creator at risk (GPS, serials, names);
facts.py gathers all of it for `image check` and `caption --image`; send.py makes the stripped, resized copy
a vision model receives; tokens.py bounds what that copy is billed, by each provider's published formula.
"""

# How a photo's safety warning starts (facts.py writes it): `caption` prints the insight that starts so first,
# and reads this without importing the fact modules.
SAFETY_PREFIX = "Safety: "
