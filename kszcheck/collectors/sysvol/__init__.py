"""GPO content from SYSVOL: parsers of the files a GPO folder holds, and the collector."""
