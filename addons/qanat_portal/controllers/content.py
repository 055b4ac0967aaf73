from werkzeug.exceptions import NotFound

from odoo import http
from odoo.http import request

from odoo.addons.portal.controllers.portal import CustomerPortal
from odoo.addons.qanat_devices.tools.dates import company_today

from . import common


class QanatContentPortal(CustomerPortal):
    """Knowledge base, announcements and the training video store."""

    # -- knowledge base ------------------------------------------------------------

    @http.route(["/my/knowledge"], type="http", auth="user", website=True)
    def qanat_knowledge(self, search=None, **kw):
        search = common.form_text(search)
        sections, owned_types = request.env["qanat.kb.article"]._qanat_portal_sections(
            request.env.user.partner_id, search=search
        )
        return common.render(
            self,
            "qanat_portal.portal_my_knowledge",
            page_name="qanat_knowledge",
            sections=[
                (device_type, articles.sudo()) for device_type, articles in sections
            ],
            owned_types=owned_types,
            search=search,
        )

    @http.route(
        ["/my/knowledge/<int:article_id>"], type="http", auth="user", website=True
    )
    def qanat_knowledge_article(self, article_id, **kw):
        article_sudo = common.get_own("qanat.kb.article", article_id)
        return common.render(
            self,
            "qanat_portal.portal_my_knowledge_article",
            page_name="qanat_knowledge_article",
            article=article_sudo,
        )

    # -- announcements ----------------------------------------------------------------

    @http.route(
        ["/my/announcements", "/my/announcements/page/<int:page>"],
        type="http",
        auth="user",
        website=True,
    )
    def qanat_announcements(self, page=1, **kw):
        announcements_sudo, pager = common.paged_search(
            "qanat.announcement",
            "/my/announcements",
            page,
            domain=request.env["qanat.announcement"]._qanat_visible_domain(),
        )
        return common.render(
            self,
            "qanat_portal.portal_my_announcements",
            page_name="qanat_announcements",
            announcements=announcements_sudo,
            pager=pager,
        )

    @http.route(
        ["/my/announcements/<int:announcement_id>"],
        type="http",
        auth="user",
        website=True,
    )
    def qanat_announcement(self, announcement_id, **kw):
        announcement_sudo = common.get_own("qanat.announcement", announcement_id)
        if announcement_sudo.state == "draft":
            raise NotFound()
        return common.render(
            self,
            "qanat_portal.portal_my_announcement",
            page_name="qanat_announcement",
            announcement=announcement_sudo,
        )

    # -- training video store ----------------------------------------------------------

    def _qanat_courses(self):
        """Courses on sale (catalogue data, the same for every customer)."""
        return (
            request.env["product.template"]
            .sudo()
            .search(
                [("qanat_is_course", "=", True), ("sale_ok", "=", True)],
                order="name",
            )
        )

    @http.route(["/my/courses"], type="http", auth="user", website=True)
    def qanat_courses(self, **kw):
        env = request.env
        owned_type_ids = {
            device_type.id
            for (device_type,) in env["qanat.device"]._read_group(
                [], ["device_type_id"]
            )
            if device_type
        }
        courses_sudo = self._qanat_courses().sorted(
            lambda course: (
                not (set(course.qanat_course_device_type_ids.ids) & owned_type_ids)
            )
        )
        licences_sudo = env["qanat.course.licence"].search([], order="id desc").sudo()
        return common.render(
            self,
            "qanat_portal.portal_my_courses",
            page_name="qanat_courses",
            courses=courses_sudo,
            licences=licences_sudo,
            bought_product_ids=set(licences_sudo.product_id.product_tmpl_id.ids),
        )

    @http.route(
        ["/my/courses/<int:course_id>/buy"],
        type="http",
        auth="user",
        website=True,
        methods=["POST"],
    )
    def qanat_course_buy(self, course_id, **post):
        course = self._qanat_courses().filtered(lambda c: c.id == course_id)
        if not course:
            raise NotFound()
        order = request.env["sale.order"]._qanat_single_product_quotation(
            request.env.user.partner_id, course.product_variant_id
        )
        return request.redirect(order.get_portal_url())

    # -- support-hour packages ------------------------------------------------------

    def _qanat_package_products(self):
        """Support-hour packages on sale (catalogue data, the same for all)."""
        return (
            request.env["product.template"]
            .sudo()
            .search(
                [("qanat_plan_kind", "=", "support_hours"), ("sale_ok", "=", True)],
                order="qanat_support_hours, id",
            )
        )

    @http.route(["/my/packages"], type="http", auth="user", website=True)
    def qanat_packages(self, **kw):
        packages_sudo = (
            request.env["qanat.support.package"]
            .search([], order="valid_until desc, id desc")
            .sudo()
        )
        return common.render(
            self,
            "qanat_portal.portal_my_packages",
            page_name="qanat_packages",
            packages=packages_sudo,
            products=self._qanat_package_products(),
            today=company_today(request.env),
        )

    @http.route(
        ["/my/packages/<int:product_id>/buy"],
        type="http",
        auth="user",
        website=True,
        methods=["POST"],
    )
    def qanat_package_buy(self, product_id, **post):
        product = self._qanat_package_products().filtered(
            lambda template: template.id == product_id
        )
        if not product:
            raise NotFound()
        order = request.env["sale.order"]._qanat_single_product_quotation(
            request.env.user.partner_id, product.product_variant_id
        )
        return request.redirect(order.get_portal_url())
