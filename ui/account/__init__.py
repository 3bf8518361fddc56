"""Who is at the counter: sign-in, the idle lock, passwords, the signed-in officer in the menu."""
