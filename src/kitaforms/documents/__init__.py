"""documents: the papers made from a submission, as PDF/UA (:mod:`kitaforms.documents.pdf`).

The HTML of a document comes from the theme's templates (:mod:`kitaforms.render`: the application,
later the fee notices and the care contract), from the same definitions and texts as the assistant;
this package only turns that HTML + CSS into an accessible PDF. No document text is written here.
"""

from kitaforms.documents.pdf import PDF_MEDIA_TYPE, PDF_VARIANT, RemoteResourceRefused, html_to_pdf

__all__ = ["PDF_MEDIA_TYPE", "PDF_VARIANT", "RemoteResourceRefused", "html_to_pdf"]
