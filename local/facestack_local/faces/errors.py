"""Rekognition's errors, as the JSON 1.1 protocol sends them: `{"__type": ..., "Message": ...}`."""

from __future__ import annotations


class RekognitionError(Exception):
    """An error the client sees; `status` is its HTTP status."""

    def __init__(self, code: str, message: str, status: int = 400) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.status = status


def invalid_parameter(message: str) -> RekognitionError:
    return RekognitionError("InvalidParameterException", message)


def validation(message: str) -> RekognitionError:
    return RekognitionError("ValidationException", message)


def not_found(message: str) -> RekognitionError:
    return RekognitionError("ResourceNotFoundException", message)


def no_face() -> RekognitionError:
    return invalid_parameter("There are no faces in the image. Should be at least 1.")
