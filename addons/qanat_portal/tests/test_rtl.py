import re

from odoo.tests import tagged

from .common import QanatPortalCase

# A Bootstrap utility that rtlcss flips: text-start aligns left, or right when
# the bundle is mirrored for a right-to-left language.
MIRROR_PROBE = """
const probe = document.createElement("div");
probe.className = "text-start";
document.body.appendChild(probe);
const found = [
    document.documentElement.lang,
    document.documentElement.dir,
    getComputedStyle(document.body).direction,
    getComputedStyle(probe).textAlign,
].join(" ");
if (found === "EXPECTED") {
    console.log("test successful");
} else {
    console.error("page root and bundle: " + found + ", expected EXPECTED");
}
"""


@tagged("post_install", "-at_install")
class TestRightToLeft(QanatPortalCase):
    def test_page_root_says_language_and_direction(self):
        for user, lang, direction in (
            (self.portal_a, "fa-IR", "rtl"),
            (self.portal_b, "en-US", "ltr"),
        ):
            with self.subTest(user=user.login):
                self.login(user)
                page = self.get("/my/devices")
                self.assertEqual(page.status_code, 200)
                root = re.search(r"<html[^>]*>", page.text).group(0)
                self.assertIn(f'lang="{lang}"', root)
                self.assertIn(f'dir="{direction}"', root)

    def test_persian_pages_get_the_mirrored_bundle(self):
        """Fails when rtlcss is missing: Odoo then serves the left-to-right CSS."""
        expected = "fa-IR rtl rtl right"
        self.browser_js(
            "/my/devices", MIRROR_PROBE.replace("EXPECTED", expected), login="portal_a"
        )

    def test_english_pages_stay_left_to_right(self):
        expected = "en-US ltr ltr left"
        self.browser_js(
            "/my/devices", MIRROR_PROBE.replace("EXPECTED", expected), login="portal_b"
        )
