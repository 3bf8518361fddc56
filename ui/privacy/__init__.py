"""Personal data in the menus: the request export and the anonymisation of old requests."""
