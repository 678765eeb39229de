"""Shared code of the facestack face-recognition pipeline.

Every function's package (detect, store, enroll) and the EC2 recognition service ship this
package unchanged; the entry modules only read their settings, create clients and call in here.
"""

__all__ = ["__version__"]

__version__ = "1.0.0"
