"""Printed documents: the delivery slip, the queue ticket. ReportLab only, no Qt."""
