import hashlib

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import PasswordResetForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from roundtable.accounts.forms import AccountForm
from roundtable.accounts.password_reset import QueuedPasswordResetForm
from roundtable.web.rate_limit import rate_limited


@login_required
def account(request: HttpRequest) -> HttpResponse:
    form = AccountForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Your account is saved.")
        return redirect("account")
    return render(request, "accounts/account.html", {"form": form})


TOO_MANY_RESETS = (
    "Too many password resets were asked for this e-mail address or from your connection in "
    "the last hour. Please try again later."
)


class PasswordResetView(auth_views.PasswordResetView):
    """Django's reset form, with reset mails limited per recipient and per client address.

    Both limits count requests, not mails sent: an address without an account is counted and
    answered exactly as one with an account, so the answer tells nothing about who has one.
    The mail itself is sent by the task worker (:mod:`roundtable.accounts.password_reset`).
    """

    form_class = QueuedPasswordResetForm

    def form_valid(self, form: PasswordResetForm) -> HttpResponse:
        recipient = hashlib.sha256(form.cleaned_data["email"].strip().lower().encode()).hexdigest()
        by_address = rate_limited(
            self.request,
            scope="password-reset:ip",
            limit=settings.PASSWORD_RESETS_PER_ADDRESS,
            seconds=3600,
        )
        by_recipient = rate_limited(
            self.request,
            scope="password-reset:recipient",
            key=recipient,
            limit=settings.PASSWORD_RESETS_PER_RECIPIENT,
            seconds=3600,
        )
        if by_address or by_recipient:
            form.add_error(None, TOO_MANY_RESETS)
            return self.render_to_response(self.get_context_data(form=form), status=429)
        return super().form_valid(form)
