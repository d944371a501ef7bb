"""The ``windows-export`` source: the folder written by the Windows pack
(``kszcheck windows-script``)."""
