import re

from odoo.exceptions import AccessError, ValidationError
from odoo.tests import BaseCase, tagged

from odoo.addons.qanat_portal.models.qanat_kb_article import video_embed_url

from .common import QanatPortalCase

APARAT_EMBED = "https://www.aparat.com/video/video/embed/videohash/Qn4tK/vt/frame"
YOUTUBE_EMBED = "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?rel=0"


@tagged("post_install", "-at_install")
class TestVideoEmbedUrl(BaseCase):
    def test_aparat_links(self):
        for url in (
            "https://www.aparat.com/v/Qn4tK",
            "https://aparat.com/v/Qn4tK",
            "https://www.aparat.com/v/Qn4tK/",
            "https://www.aparat.com/v/Qn4tK?playlist=12345",
            "https://www.aparat.com/v/Qn4tK/تخلیه-آب-کمپرسور",
            "https://www.aparat.com/v/Qn4tK/%D8%AA%D8%AE%D9%84%DB%8C%D9%87?t=30",
            "https://WWW.APARAT.COM/v/Qn4tK#comments",
            "  https://www.aparat.com/v/Qn4tK  ",
            APARAT_EMBED,
        ):
            with self.subTest(url=url):
                self.assertEqual(video_embed_url(url), APARAT_EMBED)

    def test_youtube_links(self):
        for url in (
            "https://www.youtube.com/watch?v=dQw4w9WgXcQ",
            "https://www.youtube.com/watch?feature=share&v=dQw4w9WgXcQ",
            "https://m.youtube.com/watch?v=dQw4w9WgXcQ",
            "https://youtu.be/dQw4w9WgXcQ?si=abc",
            "https://www.youtube.com/shorts/dQw4w9WgXcQ",
            "https://www.youtube.com/embed/dQw4w9WgXcQ",
        ):
            with self.subTest(url=url):
                self.assertEqual(video_embed_url(url), YOUTUBE_EMBED)

    def test_other_links_refused(self):
        for url in (
            None,
            "",
            "javascript:alert(1)",
            "JaVaScRiPt://www.aparat.com/v/Qn4tK",
            "data:text/html,<script>alert(1)</script>",
            "http://www.aparat.com/v/Qn4tK",
            "//www.aparat.com/v/Qn4tK",
            "https://evil.example.com/v/Qn4tK",
            "https://www.aparat.com.evil.example.com/v/Qn4tK",
            "https://evilaparat.com/v/Qn4tK",
            "https://www.aparat.com@evil.example.com/v/Qn4tK",
            "https://user@www.aparat.com/v/Qn4tK",
            "https://www.aparat.com:8443/v/Qn4tK",
            "https://www.aparat.com/v/",
            "https://www.aparat.com/v/Qn4tK/slug/more",
            'https://www.aparat.com/v/Qn4"onload="alert(1)',
            "https://www.aparat.com/v/Qn4tK%22%3E%3Cscript%3E",
            "https://www.aparat.com/u_12345",
            "https://www.youtube.com/watch?v=short",
            "https://vimeo.com/76979871",
            "https://www.dailymotion.com/video/x7tgad0",
        ):
            with self.subTest(url=url):
                self.assertIsNone(video_embed_url(url))


@tagged("post_install", "-at_install")
class TestKnowledgeBase(QanatPortalCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Article = cls.env["qanat.kb.article"]
        cls.imaging_article = Article.create(
            {
                "name": "Calibrating the imaging sensor",
                "device_type_ids": [(6, 0, cls.other_type.ids)],
                "is_published": True,
                "sequence": 1,
            }
        )
        cls.dental_article = Article.create(
            {
                "name": "Cleaning the dental unit",
                "device_type_ids": [(6, 0, cls.device_type.ids)],
                "body": "<p>Use a soft cloth</p>",
                "is_published": True,
                "sequence": 5,
            }
        )
        cls.video = Article.create(
            {
                "name": "Compressor video",
                "kind": "video",
                "video_url": "https://www.aparat.com/v/Qn4tK/تخلیه-آب-کمپرسور",
                "is_published": True,
            }
        )
        cls.youtube_video = Article.create(
            {
                "name": "Unit video",
                "kind": "video",
                "video_url": "https://youtu.be/dQw4w9WgXcQ",
                "is_published": True,
            }
        )
        cls.draft = Article.create({"name": "Unfinished draft"})

    def test_owned_types_first_and_search(self):
        self.login(self.portal_a)
        page = self.get("/my/knowledge").text
        self.assertLess(
            page.index("Cleaning the dental unit"),
            page.index("Calibrating the imaging sensor"),
            "customer A owns a dental unit: its articles come first",
        )
        self.assertNotIn("Unfinished draft", page)
        page = self.get("/my/knowledge?search=soft cloth").text
        self.assertIn("Cleaning the dental unit", page)
        self.assertNotIn("Calibrating the imaging sensor", page)
        # Customer B also owns an imaging device: both types are marked.
        self.login(self.portal_b)
        page = self.get("/my/knowledge").text
        self.assertEqual(page.count("text-bg-info"), 2)

    def test_video_article_is_embedded(self):
        self.login(self.portal_a)
        page = self.get(f"/my/knowledge/{self.video.id}").text
        iframes = re.findall(r"<iframe[^>]*>", page)
        self.assertEqual(len(iframes), 1, page)
        self.assertIn(f'src="{APARAT_EMBED}"', iframes[0])
        page = self.get(f"/my/knowledge/{self.youtube_video.id}").text
        self.assertIn(f'src="{YOUTUBE_EMBED.replace("&", "&amp;")}"', page)

    def test_video_link_on_another_host_refused(self):
        article = self.env["qanat.kb.article"].with_user(self.user_qanat)
        for url in ("javascript:alert(1)", "https://evil.example.com/v/Qn4tK"):
            with self.subTest(url=url), self.assertRaises(ValidationError) as error:
                article.create({"name": "Bad video", "kind": "video", "video_url": url})
            self.assertIn("Aparat", str(error.exception))
        with self.assertRaises(ValidationError):
            self.video.video_url = "https://vimeo.com/76979871"
        persian = self.video.with_context(lang="fa_IR")
        with self.assertRaises(ValidationError) as error:
            persian.video_url = "https://evil.example.com/x"
        self.assertIn("آپارات", str(error.exception))

    def test_backend_for_the_technical_team(self):
        with self.assertRaises(AccessError):
            self.env["qanat.kb.article"].with_user(self.portal_a).create({"name": "x"})
        article = (
            self.env["qanat.kb.article"]
            .with_user(self.user_qanat)
            .create({"name": "Written by support"})
        )
        article.action_publish()
        self.assertTrue(article.published_at)
        with self.assertRaises(ValidationError):
            article.video_url = "javascript:alert(1)"


@tagged("post_install", "-at_install")
class TestAnnouncements(QanatPortalCase):
    def _announcement(self, **values):
        return (
            self.env["qanat.announcement"]
            .with_user(self.user_qanat)
            .create(
                {
                    "name": "Terms change",
                    "kind": "terms_change",
                    "summary": "From next month the hourly rate changes.",
                    **values,
                }
            )
        )

    def _sms_partners(self, announcement):
        notifications = self.env["qanat.notification"].search(
            [("res_model", "=", "qanat.announcement"), ("res_id", "=", announcement.id)]
        )
        return notifications.partner_id

    def test_publish_to_all_shows_and_sends(self):
        announcement = self._announcement()
        announcement.action_publish()
        self.assertEqual(announcement.state, "published")
        self.env["qanat.announcement"]._cron_send_announcements()
        recipients = announcement._recipient_partners()
        self.assertLessEqual(
            self.customer_a | self.customer_b, self._sms_partners(announcement)
        )
        self.assertTrue(announcement.notify_done)
        self.assertEqual(announcement.notified_count, len(recipients))
        sms = self.env["sms.sms"].search([("partner_id", "=", self.customer_a.id)])
        self.assertTrue(any("hourly rate" in body for body in sms.mapped("body")))
        # Running the cron again sends nothing twice.
        self.env["qanat.announcement"]._cron_send_announcements()
        self.assertEqual(announcement.notified_count, len(recipients))
        self.login(self.portal_a)
        self.assertIn("Terms change", self.get("/my").text)
        self.assertIn("Terms change", self.get("/my/announcements").text)

    def test_publish_to_device_type_owners_only(self):
        announcement = self._announcement(
            name="Imaging software 4.2",
            kind="software_update",
            audience="device_types",
            device_type_ids=[(6, 0, self.other_type.ids)],
        )
        announcement.action_publish()
        self.env["qanat.announcement"]._cron_send_announcements()
        self.assertEqual(self._sms_partners(announcement), self.customer_b)
        self.login(self.portal_a)
        self.assertNotIn("Imaging software 4.2", self.get("/my/announcements").text)
        self.login(self.portal_b)
        self.assertIn("Imaging software 4.2", self.get("/my/announcements").text)

    def test_batches_resume_where_they_stopped(self):
        announcement = self._announcement()
        announcement.action_publish()
        recipients = announcement._recipient_partners()
        self.env["qanat.announcement"]._cron_send_announcements(batch_size=1)
        self.assertEqual(announcement.notified_count, 1)
        self.assertFalse(announcement.notify_done)
        for _batch in range(len(recipients)):
            self.env["qanat.announcement"]._cron_send_announcements(batch_size=1)
        self.assertEqual(announcement.notified_count, len(recipients))
        self.assertLessEqual(
            self.customer_a | self.customer_b, self._sms_partners(announcement)
        )
        self.assertTrue(announcement.notify_done)

    def test_rules(self):
        draft = self._announcement(name="Not yet")
        with self.assertRaises(AccessError):
            draft.with_user(self.portal_a).check_access("read")
        with self.assertRaises(AccessError):
            self.env["qanat.announcement"].with_user(self.portal_a).create(
                {"name": "x", "kind": "legal_notice"}
            )
        with self.assertRaises(ValidationError):
            self._announcement(audience="device_types")
