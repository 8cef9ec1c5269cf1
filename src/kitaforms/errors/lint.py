"""Codes of ``kitaforms lint``: path analysis of each resolved form.

Lint findings are warnings about the logic of a form that is otherwise valid: something a citizen
can never see, a condition that decides nothing, a requirement that never applies. The analysis
enumerates the answers of yes/no and choice fields (and whether a field is filled at all);
comparisons of numbers, dates and texts count as "could go either way", so a finding is only
reported when it holds on every path.
"""

from kitaforms.errors._types import ErrorCode, Severity

W = Severity.WARNING

CODES = [
    ErrorCode(
        "LINT_001", W, "Never shown",
        "A step, group or field can never be shown: its `visible_if` is false for every combination of "
        "answers under which its step and groups are shown. Often two conditions contradict each other, "
        "or the condition reads a field that is itself hidden on that path (a hidden field counts as "
        "unanswered). Fix the condition, or remove the element.",
        wrong=(
            "- id: eltern\n  title: Eltern\n  visible_if: sorgerecht == \"allein\"\n  elements:\n"
            "    - id: umgang\n      type: textarea\n      label: Umgangsregelung\n"
            "      visible_if: sorgerecht == \"gemeinsam\"\n"
        ),
        fixed=(
            "- id: eltern\n  title: Eltern\n  visible_if: sorgerecht == \"allein\"\n  elements:\n"
            "    - id: umgang\n      type: textarea\n      label: Umgangsregelung\n"
            "      visible_if: ausgefuellt(umgangsrecht)\n"
        ),
    ),
    ErrorCode(
        "LINT_002", W, "Condition is always true",
        "A condition is true on every path, so it decides nothing: a `visible_if` or `required_if` that "
        "can never be false (for `required_if`, write `required: true` instead), or a validation rule "
        "that no answer can fail. Often `and` and `or` were mixed up, e.g. in `not (a and b)`. A hidden "
        "field counts as unanswered, and any comparison with an unanswered field is false.",
        wrong=(
            "- id: sorgerecht_nachweis\n  type: file\n  label: Nachweis des Sorgerechts\n"
            "  required_if: not (sorgerecht == \"allein_mutter\" and sorgerecht == \"allein_vater\")\n"
        ),
        fixed=(
            "- id: sorgerecht_nachweis\n  type: file\n  label: Nachweis des Sorgerechts\n"
            "  required_if: sorgerecht == \"allein_mutter\" or sorgerecht == \"allein_vater\"\n"
        ),
    ),
    ErrorCode(
        "LINT_003", W, "Condition is always false",
        "A `required_if` or a validation rule is false for every combination of answers: the field is "
        "never required, or every answer is rejected. Often a code is compared that the field does not "
        "have on that path, or `and` was written where `or` was meant.",
        wrong=(
            "- id: einverstaendnis\n  type: declaration\n  label: Der andere Elternteil ist einverstanden.\n"
            "  required_if: sorgerecht == \"gemeinsam\" and sorgerecht == \"allein\"\n"
        ),
        fixed=(
            "- id: einverstaendnis\n  type: declaration\n  label: Der andere Elternteil ist einverstanden.\n"
            "  required_if: sorgerecht == \"gemeinsam\"\n"
        ),
    ),
    ErrorCode(
        "LINT_004", W, "Required only where hidden",
        "`required_if` can be true, but never while the field is shown. Hidden fields are never "
        "required, so the requirement never applies and the answer may be missing. Make the two "
        "conditions agree.",
        wrong=(
            "- id: getrennt_seit\n  type: date\n  label: Getrennt seit\n  visible_if: getrennt_lebend\n"
            "  required_if: not getrennt_lebend\n"
        ),
        fixed=(
            "- id: getrennt_seit\n  type: date\n  label: Getrennt seit\n  visible_if: getrennt_lebend\n"
            "  required: true\n"
        ),
    ),
    ErrorCode(
        "LINT_005", W, "Code list never used",
        "A code list is defined but no field of any form that includes it names it under `code_list` or "
        "`reasons`, so none of its entries can ever be chosen. Use it, or remove it (a misspelt "
        "`code_list:` is reported by `kitaforms validate` as FORM_008).",
        wrong=(
            "code_lists:\n  sorgerecht: [{code: gemeinsam, label: Gemeinsam}, {code: allein, label: Allein}]\n"
            "  sorgerecht_alt: [{code: beide, label: Beide}]\n"
        ),
        fixed="code_lists:\n  sorgerecht: [{code: gemeinsam, label: Gemeinsam}, {code: allein, label: Allein}]\n",
    ),
    ErrorCode(
        "LINT_006", W, "Step empty on some path",
        "For some combination of answers the step is shown but none of its elements is, so citizens "
        "would see a page without a question. The message names such a combination. Give the step a "
        "`visible_if` that matches its elements, or add an element that is always shown.",
        wrong=(
            "- id: trennung\n  title: Trennung\n  elements:\n    - id: getrennt_seit\n      type: date\n"
            "      label: Getrennt seit\n      visible_if: getrennt_lebend\n"
        ),
        fixed=(
            "- id: trennung\n  title: Trennung\n  visible_if: getrennt_lebend\n  elements:\n"
            "    - id: getrennt_seit\n      type: date\n      label: Getrennt seit\n"
        ),
    ),
]
