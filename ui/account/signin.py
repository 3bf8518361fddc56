"""Who acts, decided at start-up: the setup wizard on a database without officers,
otherwise the sign-in dialog (in --demo only: the demo officer picker)."""

from __future__ import annotations

from layar_ramah.officers import any_officer


def first_officer(clock, demo: bool, parent=None, status=None):
    """The signed-in Officer, or None when the user closes the dialog (the app exits).
    `status`: a line the sign-in dialog shows at its foot (the background file check)."""
    if not any_officer():
        if demo:  # the demo database always has its officers; never a wizard there
            raise RuntimeError("demo database without officers")
        from ui.startup.setup_wizard import SetupWizard
        return SetupWizard.ask(clock, parent)
    from ui.account.signin_dialog import SignInDialog
    return SignInDialog.ask(clock, demo=demo, parent=parent, status=status)
