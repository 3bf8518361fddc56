"""Printing through Qt's print support, in one place: which printer each kind of document
goes to on this PC (store), the ReportLab PDF drawn onto a QPrinter page by page (render),
a print job off the GUI thread with an honest outcome (job), the print dialog, the preview
and the messages when nothing was printed (dialogs), the menu entries (actions)."""
