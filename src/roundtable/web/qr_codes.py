"""QR codes of the product's public links (intake form, live session, feedback form), as SVG:
no image file, and they scale to any projector."""

import qrcode
import qrcode.image.svg
from django.http import HttpResponse
from django.utils.safestring import SafeString, mark_safe


def qr_svg(url: str) -> SafeString:
    """The URL as inline SVG markup.

    Marked safe for the pages that inline it: the markup is the qrcode library's, and the URL is
    encoded in the geometry of one path, never written out as text.
    """
    image = qrcode.make(url, image_factory=qrcode.image.svg.SvgPathImage, box_size=10, border=2)
    return mark_safe(image.to_string(encoding="unicode"))  # noqa: S308 - no text from the URL


def qr_response(url: str) -> HttpResponse:
    """The URL's QR code as an SVG image, cacheable for an hour (links change rarely)."""
    response = HttpResponse(qr_svg(url), content_type="image/svg+xml")
    response["Cache-Control"] = "public, max-age=3600"
    return response
