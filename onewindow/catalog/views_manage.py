"""Management pages of the catalogue (/services/manage/). Thin: parse, call, render.

Department staff see and edit their own department's items; the bureau reviews, publishes
and manages lists, bundles and industries. Anyone else gets 404, as does a guessed code
or id outside the user's scope.
"""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from onewindow.core.errors import Conflict, InvalidInput

from . import permissions, selectors, services, workflow
from .forms import BundleForm, IndustryForm, ItemForm, ListEntryForm, ReasonForm, show_service_error

PER_PAGE = 30
BUNDLES_PER_PAGE = 20
SOFT_ERRORS = (Conflict, InvalidInput)  # shown on the page; NotFound/PermissionDenied are not


def _only_for(allowed):
    """A view for logged-in users who pass ``allowed``; anyone else gets 404 (no hint)."""

    def decorator(view):
        @login_required
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not allowed(request.user):
                raise Http404()
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


# Department staff who edit items, or the bureau.
manager_required = _only_for(permissions.can_manage_catalog)
# Publishing, lists, bundles, industries and the review queue: the bureau only.
bureau_required = _only_for(permissions.is_bureau_publisher)


def _back_to_item(item):
    return redirect("catalog:manage_item", code=item.code)


# -- items ------------------------------------------------------------------------------


@require_http_methods(["GET"])
@manager_required
def items(request):
    q = request.GET.get("q", "").strip()[:50]
    page = Paginator(selectors.manage_items(request.user, q=q), PER_PAGE).get_page(
        request.GET.get("page")
    )
    context = {
        "page_obj": page,
        "q": q,
        "is_bureau": permissions.is_bureau_publisher(request.user),
        "in_review": selectors.versions_in_review(request.user)[:10],
    }
    return render(request, "catalog/manage/items.html", context)


@require_http_methods(["GET", "POST"])
@manager_required
def item_create(request):
    departments = list(selectors.creatable_departments(request.user))
    form = ItemForm(request.POST or None, departments=departments)
    if request.method == "POST" and form.is_valid():
        try:
            item = services.create_item(
                request.user,
                code=form.cleaned_data["code"],
                department=form.cleaned_data["department"],
                guide=form.guide(),
                materials=form.cleaned_data["materials"],
                form_fields=form.cleaned_data["form_fields"],
                steps=form.cleaned_data["steps"],
                request=request,
            )
        except SOFT_ERRORS as exc:
            show_service_error(form, exc)
        else:
            messages.success(request, _("事项已保存为草稿"))
            return _back_to_item(item)
    return render(request, "catalog/manage/item_form.html", {"form": form, "creating": True})


@require_http_methods(["GET"])
@manager_required
def item_detail(request, code: str):
    item = selectors.editable_item(request.user, code)
    open_version = selectors.open_version(item)
    shown = open_version or item.published_version or selectors.latest_version(item)
    shown = selectors.version_with_parts(shown.pk) if shown else None
    context = {
        "item": item,
        "version": shown,
        "open_version": open_version,
        "actions": workflow.available(request.user, shown) if shown else [],
        "can_revise": open_version is None,
        "can_withdraw": item.published_version_id is not None
        and permissions.can_publish(request.user),
        "entries": selectors.item_list_entries(item),
        "list_form": ListEntryForm() if permissions.is_bureau_publisher(request.user) else None,
    }
    return render(request, "catalog/manage/item_detail.html", context)


@require_http_methods(["GET", "POST"])
@manager_required
def version_edit(request, pk: int):
    version = selectors.editable_version(request.user, pk)
    if version.status not in workflow.EDITABLE:
        messages.error(request, _("只有草稿可以修改，已发布的事项请先新建修订版本"))
        return _back_to_item(version.item)
    form = ItemForm(request.POST or None, creating=False, initial=ItemForm.initial_for(version))
    if request.method == "POST" and form.is_valid():
        try:
            services.update_draft(
                request.user,
                version,
                guide=form.guide(),
                materials=form.cleaned_data["materials"],
                form_fields=form.cleaned_data["form_fields"],
                steps=form.cleaned_data["steps"],
                request=request,
            )
        except SOFT_ERRORS as exc:
            show_service_error(form, exc)
        else:
            messages.success(request, _("草稿已保存"))
            return _back_to_item(version.item)
    context = {"form": form, "creating": False, "version": version, "item": version.item}
    return render(request, "catalog/manage/item_form.html", context)


@require_POST
@manager_required
def item_revise(request, code: str):
    item = selectors.editable_item(request.user, code)
    try:
        draft = services.start_revision(request.user, item, request=request)
    except SOFT_ERRORS as exc:
        messages.error(request, exc.message)
        return _back_to_item(item)
    messages.success(request, _("已新建第%(n)s版草稿") % {"n": draft.number})
    return redirect("catalog:manage_version_edit", pk=draft.pk)


def _transition(request, pk, action, done):
    version = selectors.editable_version(request.user, pk)
    try:
        action(request.user, version, request=request)
    except SOFT_ERRORS as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, done)
    return _back_to_item(version.item)


@require_POST
@manager_required
def version_submit(request, pk: int):
    return _transition(request, pk, services.submit_for_review, _("已提交审核"))


@require_POST
@bureau_required
def version_publish(request, pk: int):
    return _transition(request, pk, services.publish, _("已发布"))


def _reason_page(request, *, title, target, item, version=None, act):
    form = ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            act(form.cleaned_data["reason"])
        except SOFT_ERRORS as exc:
            show_service_error(form, exc)
        else:
            messages.success(request, _("操作已完成"))
            return _back_to_item(item)
    context = {"form": form, "title": title, "item": item, "version": version}
    return render(request, "catalog/manage/reason_form.html", context)


@require_http_methods(["GET", "POST"])
@bureau_required
def version_reject(request, pk: int):
    version = selectors.editable_version(request.user, pk)
    return _reason_page(
        request,
        title=_("退回修改"),
        target=version,
        item=version.item,
        version=version,
        act=lambda reason: services.reject(request.user, version, reason, request=request),
    )


@require_http_methods(["GET", "POST"])
@bureau_required
def item_withdraw(request, code: str):
    item = selectors.editable_item(request.user, code)
    return _reason_page(
        request,
        title=_("停用事项"),
        target=item,
        item=item,
        act=lambda reason: services.withdraw(request.user, item, reason, request=request),
    )


@require_http_methods(["GET"])
@manager_required
def item_history(request, code: str):
    item = selectors.editable_item(request.user, code)
    context = {"item": item, "history": selectors.history_with_changes(request.user, item)}
    return render(request, "catalog/manage/history.html", context)


@require_http_methods(["GET"])
@manager_required
def version_detail(request, pk: int):
    version = selectors.editable_version(request.user, pk)
    context = {
        "item": version.item,
        "version": version,
        "actions": workflow.available(request.user, version),
    }
    return render(request, "catalog/manage/version_detail.html", context)


@require_http_methods(["GET"])
@bureau_required
def review(request):
    page = Paginator(selectors.versions_in_review(request.user), PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render(request, "catalog/manage/review.html", {"page_obj": page})


# -- reform lists -------------------------------------------------------------------------


@require_POST
@bureau_required
def list_add(request, code: str):
    item = selectors.editable_item(request.user, code)
    form = ListEntryForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("请选择清单"))
        return _back_to_item(item)
    try:
        services.add_to_list(
            request.user,
            form.cleaned_data["list_code"],
            item=item,
            level=form.cleaned_data["level"],
            request=request,
        )
    except SOFT_ERRORS as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("已列入清单"))
    return _back_to_item(item)


@require_POST
@bureau_required
def list_remove(request, pk: int):
    entry = selectors.managed_list_entry(request.user, pk)
    services.remove_from_list(request.user, entry, request=request)
    messages.success(request, _("已移出清单"))
    if entry.item_id:
        return _back_to_item(entry.item)
    return redirect("catalog:manage_bundle_edit", code=entry.bundle.code)


# -- bundles ------------------------------------------------------------------------------


@require_http_methods(["GET"])
@bureau_required
def bundles(request):
    page = Paginator(selectors.managed_bundles(request.user), BUNDLES_PER_PAGE).get_page(
        request.GET.get("page")
    )
    context = {"page_obj": page, "rows": selectors.bundles_with_savings(page.object_list)}
    return render(request, "catalog/manage/bundles.html", context)


def _collection_form(request, form_class, obj, *, create, update, saved_message):
    """The form of a bundle or industry (``obj`` None: a new one), and on a valid POST
    what ``create``/``update`` saved (None if nothing was, the refusal is on the form)."""
    departments = list(selectors.active_departments())
    initial = form_class.initial_for(obj) if obj else None
    form = form_class(request.POST or None, departments=departments, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            if obj is None:
                saved = create(request.user, **data, request=request)
            else:
                saved = update(request.user, obj, **data, request=request)
        except SOFT_ERRORS as exc:
            show_service_error(form, exc)
        else:
            messages.success(request, saved_message)
            return form, saved
    return form, None


def _bundle_form_page(request, bundle=None):
    form, saved = _collection_form(
        request,
        BundleForm,
        bundle,
        create=services.create_bundle,
        update=services.update_bundle,
        saved_message=_("一件事已保存"),
    )
    if saved is not None:
        return redirect("catalog:manage_bundle_edit", code=saved.code)
    versions = selectors.bundle_versions(bundle) if bundle else []
    context = {
        "form": form,
        "bundle": bundle,
        "savings": selectors.bundle_savings(bundle, versions) if bundle else None,
        "merged": selectors.bundle_materials(bundle, versions) if bundle else [],
    }
    return render(request, "catalog/manage/bundle_form.html", context)


@require_http_methods(["GET", "POST"])
@bureau_required
def bundle_create(request):
    return _bundle_form_page(request)


@require_http_methods(["GET", "POST"])
@bureau_required
def bundle_edit(request, code: str):
    return _bundle_form_page(request, selectors.managed_bundle(request.user, code))


# -- industries ---------------------------------------------------------------------------


@require_http_methods(["GET"])
@bureau_required
def industries(request):
    context = {"industries": selectors.managed_industries(request.user)}
    return render(request, "catalog/manage/industries.html", context)


def _industry_form_page(request, industry=None):
    form, saved = _collection_form(
        request,
        IndustryForm,
        industry,
        create=services.create_industry,
        update=services.update_industry,
        saved_message=_("一业一证行业已保存"),
    )
    if saved is not None:
        return redirect("catalog:manage_industries")
    context = {"form": form, "industry": industry}
    return render(request, "catalog/manage/industry_form.html", context)


@require_http_methods(["GET", "POST"])
@bureau_required
def industry_create(request):
    return _industry_form_page(request)


@require_http_methods(["GET", "POST"])
@bureau_required
def industry_edit(request, code: str):
    return _industry_form_page(request, selectors.managed_industry(request.user, code))
