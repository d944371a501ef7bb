"""kszcheck: KSZ and VTC compliance checks for ICT shared by a gemeente and its OCMW."""

__version__ = "0.1.0"

__all__ = ["__version__"]
