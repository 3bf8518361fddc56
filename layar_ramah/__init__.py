"""Layar Ramah: the domain and persistence of the counter app. Never imports Qt."""

from layar_ramah import peewee_driver

__version__ = "0.1.0"

peewee_driver.import_without_driver()  # before anything imports peewee (see the module)
