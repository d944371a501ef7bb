"""Saved switch configurations (Cisco IOS/IOS-XE, HPE ProCurve/ArubaOS-Switch, HPE Comware).

``detect`` picks the dialect from the content, ``cisco``/``procurve``/``comware`` turn one file
into vendor-neutral facts (:class:`~kszcheck.collectors.switchconfig.lines.Parsed`), and
``collect`` reads a file, a folder or a glob of files, one device per file.
"""
