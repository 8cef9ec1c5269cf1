from kitaforms.errors._types import ErrorCode

CODES: list[ErrorCode] = []
