"""Remediation snippets: templates of rule.yaml filled with a finding's own values (pure).

``powershell`` quotes values as PowerShell literals, ``switch`` checks values as identifiers of a
switch dialect, ``render`` fills a rule's templates for each finding. kszcheck never runs a
snippet: it only prints it, for a person to review and run.
"""

from kszcheck.fixes.render import finding_fixes, result_with_fixes

__all__ = ["finding_fixes", "result_with_fixes"]
