"""runtime: evaluate submissions against a resolved form (the form server's checks)."""

from kitaforms.runtime.submission import FieldError, SubmissionResult, check_submission, instance_path

__all__ = ["FieldError", "SubmissionResult", "check_submission", "instance_path"]
